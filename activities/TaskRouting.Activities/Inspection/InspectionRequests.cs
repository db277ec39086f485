using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Inspection;

/// <summary>A department's inspection request: communities, period (<c>2026-03</c> or <c>2026-H2</c>), purpose, preferred dates.</summary>
public sealed record InspectionRequestForm(IReadOnlyList<string>? Communities, string? Period, string? Purpose, DateOnly? PreferredFrom, DateOnly? PreferredTo);

/// <summary>One community of a request as its department reads it: the visit it joined and the finding.</summary>
public sealed record InspectionTargetView(string Community, Guid? VisitId, DateOnly? ScheduledOn, bool? Compliant, string? Findings);

/// <summary>An inspection request as its department, the office and supervisors read it.</summary>
public sealed record InspectionRequestView(
    Guid Id, string Department, string Period, string Purpose, DateOnly? PreferredFrom, DateOnly? PreferredTo, string RequestedBy, DateTimeOffset RequestedAt,
    IReadOnlyList<InspectionTargetView> Communities);

/// <summary>One request a visit covers.</summary>
public sealed record VisitItemView(Guid RequestId, string Department, string Purpose, bool? Compliant, string? Findings);

/// <summary>A unified visit: the community, the day, the departments it covers and (for those who may read them) their requests.</summary>
public sealed record InspectionVisitView(
    Guid Id, string Community, string Street, string Period, DateOnly ScheduledOn, VisitStatus Status, IReadOnlyList<string> Departments,
    IReadOnlyList<VisitItemView> Items, string? RecordedBy, DateTimeOffset? RecordedAt);

/// <summary>A community the plan could not schedule, and why.</summary>
public sealed record UnplannedCommunity(string Community, string ReasonZh, string ReasonEn);

/// <summary>What planning a period did: the visits created, the visits that took in new requests, the communities left open.</summary>
public sealed record InspectionPlan(string Period, IReadOnlyList<InspectionVisitView> Created, IReadOnlyList<InspectionVisitView> Extended, IReadOnlyList<UnplannedCommunity> Unplanned);

/// <summary>The supervisor's finding on one request of a visit.</summary>
public sealed record VisitFinding(Guid? RequestId, bool? Compliant, string? Findings);

/// <summary>
/// Unified inspections (统一检查考核): departments request inspections of communities; the office merges the open
/// requests of a period into one visit per community on a working day; supervisors record the findings. Every change
/// is audited; bad input is refused with field errors and nothing stored.
/// </summary>
public sealed class InspectionRequests(DbContext db, AuditTrail audit, CalendarStore calendar, TimeProvider time)
{
    private const int MaxCommunities = 500;

    /// <summary>Files a department's request.</summary>
    public async Task<InspectionRequestView> CreateAsync(Actor actor, InspectionRequestForm? form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsIn(Role.Department) || actor.District is null || actor.Department is null)
        {
            throw new UnauthorizedAccessException("只有部门用户可以申请检查 / Only department users request inspections");
        }

        var today = WorkingDayCalendar.ChinaDate(time.GetUtcNow());
        var errors = new List<FieldError>();
        var period = ReportingPeriod.Field(form?.Period, [PeriodKind.Month, PeriodKind.HalfYear], errors);
        if (period is not null && period.End < today)
        {
            errors.Add(new("period", $"检查期 {period} 已过去 / the period {period} is in the past"));
        }

        if (string.IsNullOrWhiteSpace(form?.Purpose))
        {
            errors.Add(new("purpose", "检查目的不能为空 / purpose is required"));
        }
        else if (form.Purpose.Trim().Length > 1000)
        {
            errors.Add(new("purpose", "检查目的不能超过 1000 个字符 / purpose must be at most 1000 characters"));
        }

        ValidateDates(form, period, today, errors);
        var communities = await ValidateCommunitiesAsync(actor.District, form?.Communities, period, errors, cancellationToken);
        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var request = new InspectionRequest
        {
            Id = Guid.NewGuid(), District = actor.District, Department = actor.Department, Period = period!.Code, Purpose = form!.Purpose!.Trim(),
            PreferredFrom = form.PreferredFrom, PreferredTo = form.PreferredTo, RequestedBy = actor.Name, RequestedAt = time.GetUtcNow(),
        };
        request.Targets.AddRange(communities.Select(c => new InspectionTarget { RequestId = request.Id, CommunityCode = c, District = actor.District, Period = period.Code }));
        db.Add(request);
        audit.Record(db, actor, "inspection.requested", "inspection-request", request.Id.ToString(), null,
            new { request.Department, request.Period, request.Purpose, request.PreferredFrom, request.PreferredTo, communities }, actor.District);
        await audit.SaveChangesAsync(db, cancellationToken);
        return (await RequestViewsAsync(db.Set<InspectionRequest>().Where(r => r.Id == request.Id), cancellationToken)).Single();
    }

    /// <summary>The requests the caller may read: a department its own, the office and supervisors the district's; optionally of one period.</summary>
    public async Task<IReadOnlyList<InspectionRequestView>> ListRequestsAsync(Actor actor, string? period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var query = db.Set<InspectionRequest>().Where(r => r.District == actor.District);
        if (!(actor.IsIn(Role.Office) || actor.IsIn(Role.Supervisor)))
        {
            query = actor.IsIn(Role.Department) && actor.Department is not null ? query.Where(r => r.Department == actor.Department)
                : throw new UnauthorizedAccessException("只有部门、指导委员会办公室和督查室可以查看检查申请 / Only departments, the office and supervisors read inspection requests");
        }

        if (period is not null)
        {
            var errors = new List<FieldError>();
            var parsed = ReportingPeriod.Field(period, [PeriodKind.Month, PeriodKind.HalfYear], errors) ?? throw DomainRejection.Invalid(errors);
            query = query.Where(r => r.Period == parsed.Code);
        }

        return await RequestViewsAsync(query, cancellationToken);
    }

    /// <summary>
    /// The office merges every open request of the period into one visit per community (a visit that exists already
    /// takes in the new requests: never a second visit), scheduled on the first working day on or after the latest
    /// requested from-date within the period.
    /// </summary>
    public async Task<InspectionPlan> PlanAsync(Actor actor, string? period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsIn(Role.Office) || actor.District is null)
        {
            throw new UnauthorizedAccessException("只有指导委员会办公室可以安排统一检查 / Only the office plans unified inspections");
        }

        var errors = new List<FieldError>();
        var parsed = ReportingPeriod.Field(period, [PeriodKind.Month, PeriodKind.HalfYear], errors) ?? throw DomainRejection.Invalid(errors);
        var district = actor.District;
        var today = WorkingDayCalendar.ChinaDate(time.GetUtcNow());
        var open = await db.Set<InspectionTarget>().Where(t => t.District == district && t.Period == parsed.Code && t.VisitId == null).ToListAsync(cancellationToken);
        var groups = VisitPlanner.Merge(open);
        var codes = groups.Select(g => g.Community).ToList();
        var visits = await db.Set<InspectionVisit>().Where(v => v.District == district && v.Period == parsed.Code && codes.Contains(v.CommunityCode))
            .ToDictionaryAsync(v => v.CommunityCode, StringComparer.Ordinal, cancellationToken);
        var streets = await db.Set<Community>().AsNoTracking().Where(c => c.DistrictCode == district && codes.Contains(c.Code))
            .ToDictionaryAsync(c => c.Code, c => c.StreetCode, StringComparer.Ordinal, cancellationToken);
        var requestIds = open.Select(t => t.RequestId).Distinct().ToList();
        var preferred = await db.Set<InspectionRequest>().AsNoTracking().Where(r => requestIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => r.PreferredFrom, cancellationToken);
        var now = time.GetUtcNow();
        var created = new List<Guid>();
        var extended = new List<Guid>();
        var unplanned = new List<UnplannedCommunity>();
        foreach (var (community, targets) in groups)
        {
            visits.TryGetValue(community, out var visit);
            if (visit is { Status: VisitStatus.Closed })
            {
                unplanned.Add(new(community, $"社区 {community} 在 {parsed} 的统一检查已完成", $"the unified inspection of {community} for {parsed} is closed"));
                continue;
            }

            // The visit's day follows every request it covers, the ones it took in before and the new ones.
            var covered = visit is null ? [] : await db.Set<InspectionTarget>().AsNoTracking().Where(t => t.VisitId == visit.Id)
                .Join(db.Set<InspectionRequest>(), t => t.RequestId, r => r.Id, (t, r) => r.PreferredFrom).ToListAsync(cancellationToken);
            DateOnly? day;
            try
            {
                day = VisitPlanner.ScheduledOn(calendar.Current, parsed, covered.Concat(targets.Select(t => preferred[t.RequestId])), today);
            }
            catch (CalendarUnavailableException)
            {
                throw DomainRejection.StateConflict($"工作日历缺少 {parsed.Start.Year} 年的数据,请先录入 / The working-day calendar has no data for {parsed.Start.Year}; enter it first");
            }

            if (day is null)
            {
                unplanned.Add(new(community, $"{parsed} 内已没有可安排的工作日", $"no working day is left in {parsed}"));
                continue;
            }

            if (visit is null)
            {
                visit = new InspectionVisit
                {
                    Id = Guid.NewGuid(), District = district, CommunityCode = community, StreetCode = streets.GetValueOrDefault(community) ?? "",
                    Period = parsed.Code, ScheduledOn = day.Value, Status = VisitStatus.Scheduled, PlannedBy = actor.Name, PlannedAt = now, UpdatedAt = now,
                };
                db.Add(visit);
                created.Add(visit.Id);
                audit.Record(db, actor, "inspection.visit-planned", "inspection-visit", visit.Id.ToString(), null,
                    new { community, period = parsed.Code, scheduledOn = day.Value, requests = targets.Select(t => t.RequestId) }, district);
            }
            else
            {
                var before = new { scheduledOn = visit.ScheduledOn, requests = covered.Count };
                visit.ScheduledOn = day.Value;
                visit.UpdatedAt = now;
                visit.Revision++;
                extended.Add(visit.Id);
                audit.Record(db, actor, "inspection.visit-extended", "inspection-visit", visit.Id.ToString(), before,
                    new { scheduledOn = day.Value, requests = covered.Count + targets.Count, added = targets.Select(t => t.RequestId) }, district);
            }

            foreach (var target in targets)
            {
                target.VisitId = visit.Id;
            }
        }

        try
        {
            await audit.SaveChangesAsync(db, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another office user planned the same period at the same moment: the unique visit key or a revision stopped this one.
            throw DomainRejection.StateConflict("该检查期正被同时安排,请重试 / The period is being planned concurrently; try again");
        }

        var views = await VisitViewsAsync(db.Set<InspectionVisit>().Where(v => created.Contains(v.Id) || extended.Contains(v.Id)), null, cancellationToken);
        return new(parsed.Code, views.Where(v => created.Contains(v.Id)).ToList(), views.Where(v => extended.Contains(v.Id)).ToList(), unplanned);
    }

    /// <summary>
    /// The visits the caller may read: the office and supervisors all of the district's, a department those covering
    /// its requests (with only its own requests' details), a community its own.
    /// </summary>
    public async Task<IReadOnlyList<InspectionVisitView>> ListVisitsAsync(Actor actor, string? period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var query = db.Set<InspectionVisit>().Where(v => v.District == actor.District);
        string? department;
        if (actor.IsIn(Role.Office) || actor.IsIn(Role.Supervisor))
        {
            department = null;
        }
        else if (actor.IsIn(Role.Department) && actor.Department is not null)
        {
            department = actor.Department;
            query = query.Where(v => db.Set<InspectionTarget>().Any(t => t.VisitId == v.Id
                && db.Set<InspectionRequest>().Any(r => r.Id == t.RequestId && r.Department == department)));
        }
        else if (actor.IsIn(Role.Community) && actor.Community is not null)
        {
            department = null;
            query = query.Where(v => v.CommunityCode == actor.Community);
        }
        else
        {
            throw new UnauthorizedAccessException("无权查看统一检查安排 / Not allowed to read inspection visits");
        }

        if (period is not null)
        {
            var errors = new List<FieldError>();
            var parsed = ReportingPeriod.Field(period, [PeriodKind.Month, PeriodKind.HalfYear], errors) ?? throw DomainRejection.Invalid(errors);
            query = query.Where(v => v.Period == parsed.Code);
        }

        return await VisitViewsAsync(query, department, cancellationToken);
    }

    /// <summary>A supervisor records the finding on every request of a visit and closes it.</summary>
    public async Task<InspectionVisitView> RecordAsync(Actor actor, Guid visitId, IReadOnlyList<VisitFinding>? findings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsIn(Role.Supervisor))
        {
            throw new UnauthorizedAccessException("只有督查室可以记录检查结果 / Only supervisors record inspection findings");
        }

        var visit = await db.Set<InspectionVisit>().FirstOrDefaultAsync(v => v.Id == visitId && v.District == actor.District, cancellationToken)
            ?? throw DomainRejection.Missing($"没有检查安排 {visitId} / There is no inspection visit {visitId}");
        if (visit.Status == VisitStatus.Closed)
        {
            throw DomainRejection.StateConflict("该检查已记录结果并关闭 / The visit's findings were recorded already");
        }

        var targets = await db.Set<InspectionTarget>().Where(t => t.VisitId == visitId).ToListAsync(cancellationToken);
        var errors = new List<FieldError>();
        var given = findings ?? [];
        var seen = new HashSet<Guid>();
        for (var i = 0; i < given.Count; i++)
        {
            var finding = given[i];
            if (finding?.RequestId is not { } id || targets.All(t => t.RequestId != id))
            {
                errors.Add(new($"findings[{i}].requestId", "该检查不包含此申请 / the visit does not cover this request"));
            }
            else if (!seen.Add(id))
            {
                errors.Add(new($"findings[{i}].requestId", "同一申请只能记录一次 / a request's finding is recorded once"));
            }

            if (finding?.Compliant is null)
            {
                errors.Add(new($"findings[{i}].compliant", "请填写是否合格 / compliant is required"));
            }

            if (string.IsNullOrWhiteSpace(finding?.Findings))
            {
                errors.Add(new($"findings[{i}].findings", "检查结论不能为空 / findings are required"));
            }
            else if (finding.Findings.Trim().Length > 4000)
            {
                errors.Add(new($"findings[{i}].findings", "检查结论不能超过 4000 个字符 / findings must be at most 4000 characters"));
            }
        }

        var missing = targets.Where(t => !seen.Contains(t.RequestId)).Select(t => t.RequestId.ToString()).ToList();
        if (missing.Count > 0 && errors.Count == 0)
        {
            errors.Add(new("findings", $"还有申请未记录结论:{string.Join(", ", missing)} / findings are missing for requests {string.Join(", ", missing)}"));
        }

        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var now = time.GetUtcNow();
        foreach (var finding in given)
        {
            var target = targets.Single(t => t.RequestId == finding.RequestId);
            target.Compliant = finding.Compliant;
            target.Findings = finding.Findings!.Trim();
        }

        visit.Status = VisitStatus.Closed;
        visit.RecordedBy = actor.Name;
        visit.RecordedAt = now;
        visit.UpdatedAt = now;
        visit.Revision++;
        audit.Record(db, actor, "inspection.visit-recorded", "inspection-visit", visit.Id.ToString(), new { status = nameof(VisitStatus.Scheduled) },
            new { status = nameof(VisitStatus.Closed), findings = given.Select(f => new { f.RequestId, f.Compliant, f.Findings }) }, visit.District);
        try
        {
            await audit.SaveChangesAsync(db, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainRejection.StateConflict("该检查正被同时修改,请重试 / The visit was changed concurrently; try again");
        }

        return (await VisitViewsAsync(db.Set<InspectionVisit>().Where(v => v.Id == visitId), null, cancellationToken)).Single();
    }

    private static void ValidateDates(InspectionRequestForm? form, ReportingPeriod? period, DateOnly today, List<FieldError> errors)
    {
        foreach (var (field, date) in new[] { ("preferredFrom", form?.PreferredFrom), ("preferredTo", form?.PreferredTo) })
        {
            if (date is not { } d)
            {
                continue;
            }

            if (d < today)
            {
                errors.Add(new(field, $"日期 {d:yyyy-MM-dd} 已过去 / the date {d:yyyy-MM-dd} is in the past"));
            }
            else if (period is not null && !period.Contains(d))
            {
                errors.Add(new(field, $"日期 {d:yyyy-MM-dd} 不在检查期 {period} 内 / the date {d:yyyy-MM-dd} is outside the period {period}"));
            }
        }

        if (form?.PreferredFrom is { } from && form.PreferredTo is { } to && to < from)
        {
            errors.Add(new("preferredTo", "结束日期不能早于开始日期 / preferredTo must not be before preferredFrom"));
        }
    }

    private async Task<List<string>> ValidateCommunitiesAsync(
        string district, IReadOnlyList<string>? communities, ReportingPeriod? period, List<FieldError> errors, CancellationToken cancellationToken)
    {
        if (communities is not { Count: > 0 })
        {
            errors.Add(new("communities", "至少选择一个社区 / at least one community is required"));
            return [];
        }

        if (communities.Count > MaxCommunities)
        {
            errors.Add(new("communities", $"一次最多 {MaxCommunities} 个社区 / at most {MaxCommunities} communities per request"));
            return [];
        }

        var codes = communities.Select(c => c?.Trim() ?? "").ToList();
        var known = await db.Set<Community>().AsNoTracking().Where(c => c.DistrictCode == district && codes.Contains(c.Code)).Select(c => c.Code).ToListAsync(cancellationToken);
        var closed = period is null ? [] : await db.Set<InspectionVisit>().AsNoTracking()
            .Where(v => v.District == district && v.Period == period.Code && v.Status == VisitStatus.Closed && codes.Contains(v.CommunityCode))
            .Select(v => v.CommunityCode).ToListAsync(cancellationToken);
        for (var i = 0; i < codes.Count; i++)
        {
            if (!known.Contains(codes[i], StringComparer.Ordinal))
            {
                errors.Add(new($"communities[{i}]", $"本区没有社区 {codes[i]} / there is no community {codes[i]} in the district"));
            }
            else if (closed.Contains(codes[i], StringComparer.Ordinal))
            {
                errors.Add(new($"communities[{i}]", $"社区 {codes[i]} 在 {period} 的统一检查已完成 / the unified inspection of {codes[i]} for {period} is closed"));
            }
        }

        return codes.Distinct(StringComparer.Ordinal).ToList();
    }

    private async Task<List<InspectionRequestView>> RequestViewsAsync(IQueryable<InspectionRequest> requests, CancellationToken cancellationToken)
    {
        var rows = await requests.AsNoTracking().Include(r => r.Targets).OrderByDescending(r => r.RequestedAt).Take(1000).ToListAsync(cancellationToken);
        var visitIds = rows.SelectMany(r => r.Targets).Select(t => t.VisitId).OfType<Guid>().Distinct().ToList();
        var days = await db.Set<InspectionVisit>().AsNoTracking().Where(v => visitIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.ScheduledOn, cancellationToken);
        return rows.Select(r => new InspectionRequestView(r.Id, r.Department, r.Period, r.Purpose, r.PreferredFrom, r.PreferredTo, r.RequestedBy, r.RequestedAt,
            r.Targets.OrderBy(t => t.CommunityCode, StringComparer.Ordinal)
                .Select(t => new InspectionTargetView(t.CommunityCode, t.VisitId, t.VisitId is { } v ? days[v] : null, t.Compliant, t.Findings)).ToList())).ToList();
    }

    /// <param name="department">When given, only that department's requests are detailed (the others are named in <see cref="InspectionVisitView.Departments"/>).</param>
    private async Task<List<InspectionVisitView>> VisitViewsAsync(IQueryable<InspectionVisit> visits, string? department, CancellationToken cancellationToken)
    {
        var rows = await visits.AsNoTracking().OrderBy(v => v.ScheduledOn).ThenBy(v => v.CommunityCode).Take(5000).ToListAsync(cancellationToken);
        var ids = rows.Select(v => v.Id).ToList();
        var items = await db.Set<InspectionTarget>().AsNoTracking().Where(t => t.VisitId != null && ids.Contains(t.VisitId.Value))
            .Join(db.Set<InspectionRequest>(), t => t.RequestId, r => r.Id,
                (t, r) => new { VisitId = t.VisitId!.Value, t.RequestId, r.Department, r.Purpose, t.Compliant, t.Findings, r.RequestedAt })
            .ToListAsync(cancellationToken);
        return rows.Select(v =>
        {
            var mine = items.Where(i => i.VisitId == v.Id).OrderBy(i => i.RequestedAt).ToList();
            return new InspectionVisitView(v.Id, v.CommunityCode, v.StreetCode, v.Period, v.ScheduledOn, v.Status,
                mine.Select(i => i.Department).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                mine.Where(i => department is null || i.Department == department)
                    .Select(i => new VisitItemView(i.RequestId, i.Department, i.Purpose, i.Compliant, i.Findings)).ToList(),
                v.RecordedBy, v.RecordedAt);
        }).ToList();
    }
}
