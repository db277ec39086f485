using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskRouting.Activities.Approval;
using TaskRouting.Activities.Dispatch;
using TaskRouting.Activities.Funding;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Activities.Screening;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;
using TaskRouting.Workflows.Runtime.Definitions;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Activities.Burden;

/// <summary>
/// The burden dashboard (社区负担): per month, what admitted work each community carries and the funds it received, against the
/// monthly hours cap and the baseline before admission. An item counts in a community's month when it was dispatched there and not
/// refused, its plan-list entry is not revoked, and the month lies within its start month and duration. Figures are aggregated in
/// the database (grouped by community and start, by street and item, by community and month of payment), never row by row.
/// </summary>
public sealed class BurdenDashboard(DbContext db, AuditTrail audit, TimeProvider time, WorkflowDefinitions definitions, IOptions<AdmissionOptions> options)
{
    /// <summary>The longest range one request may ask for.</summary>
    public const int MaxMonths = 36;

    /// <summary>The most baselines one request may record.</summary>
    private const int MaxBaselines = 5000;

    private static readonly string ScreenType =
        typeof(ScreenApplication).GetCustomAttributes(typeof(TaskRouting.Workflows.Runtime.Activities.ActivityAttribute), false)
            .Cast<TaskRouting.Workflows.Runtime.Activities.ActivityAttribute>().Single().TypeName;

    /// <summary>True when the actor may read a dashboard at all: district readers, streets and communities (not departments).</summary>
    private static bool MayRead(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.District is not null && (SeesDistrict(actor) || actor.IsIn(Role.Street) && actor.Street is not null
            || actor.IsIn(Role.Community) && actor.Community is not null);
    }

    private static bool SeesDistrict(Actor actor) =>
        actor.IsIn(Role.Office) || actor.IsIn(Role.Committee) || actor.IsIn(Role.Supervisor) || actor.IsIn(Role.Auditor);

    /// <summary>Computes the dashboard for the caller's scope; invalid input is rejected with field errors, a scope beyond the caller's with 403.</summary>
    public async Task<BurdenReport> ReadAsync(Actor actor, BurdenQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(query);
        if (!MayRead(actor))
        {
            throw new UnauthorizedAccessException("只有办公室、委员会、督查、审计、街道和社区可以查看负担看板 / Only the office, committee, supervisors, auditors, streets and communities may read the burden dashboard");
        }

        var district = actor.District!;
        var (from, to) = ValidateRange(query.From, query.To);
        var units = await ResolveScopeAsync(actor, district, Blank(query.Street), Blank(query.Community), cancellationToken);
        var months = BurdenMonth.Range(from, to);
        var cap = await CapHoursAsync(district, cancellationToken);

        var communities = await units.Communities.OrderBy(c => c.StreetCode).ThenBy(c => c.Code)
            .Select(c => new { c.Code, c.StreetCode, c.NameZh, c.NameEn }).ToListAsync(cancellationToken);
        var index = communities.Select((c, i) => (c.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var cells = new CellAccumulator[communities.Count, months.Count];

        // The items each community carries, grouped by their start and duration: few groups per community (items start in batches).
        var carried = Carried(district, units.Communities, to);
        var byStart = await carried
            .GroupBy(x => new { x.Community, x.StartDate, x.DurationMonths })
            .Select(g => new
            {
                g.Key.Community, g.Key.StartDate, g.Key.DurationMonths, Items = g.Count(),
                Forms = g.Sum(x => x.Forms), Certificates = g.Sum(x => x.Certificate ? 1 : 0), Hours = g.Sum(x => x.Hours),
            })
            .ToListAsync(cancellationToken);
        foreach (var group in byStart)
        {
            if (!index.TryGetValue(group.Community, out var row)
                || BurdenMonth.CarriedOffsets(group.StartDate, group.DurationMonths, from, to) is not { } span)
            {
                continue;
            }

            for (var m = span.First; m <= span.Last; m++)
            {
                cells[row, m].Items += group.Items;
                cells[row, m].Forms += group.Forms;
                cells[row, m].Certificates += group.Certificates;
                cells[row, m].Hours += group.Hours;
            }
        }

        // Each admitted item once per street (for street and scope totals, which count an item once however many communities carry it).
        var items = await carried
            .Select(x => new { x.Street, x.ApplicationId, x.StartDate, x.DurationMonths, x.Forms, x.Certificate })
            .Distinct()
            .ToListAsync(cancellationToken);

        await AddFundsAsync(district, units.Communities, months, index, cells, cancellationToken);

        var communityRows = communities.Select((c, i) => new BurdenCommunityRow(c.Code, c.StreetCode, c.NameZh, c.NameEn,
            months.Select((m, j) => cells[i, j].ToCell(m, cap)).ToList())).ToList();
        var streetCodes = communities.Select(c => c.StreetCode).Distinct(StringComparer.Ordinal).ToList();
        var streetNames = await db.Set<Street>().AsNoTracking().Where(s => s.DistrictCode == district && streetCodes.Contains(s.Code))
            .ToDictionaryAsync(s => s.Code, s => (s.NameZh, s.NameEn), StringComparer.Ordinal, cancellationToken);
        var streetRows = streetCodes.Order(StringComparer.Ordinal).Select(code => new BurdenStreetRow(code,
            streetNames.GetValueOrDefault(code).NameZh ?? code, streetNames.GetValueOrDefault(code).NameEn ?? code,
            Totals(months, from, to, cap, communityRows.Where(r => r.Street == code).ToList(),
                items.Where(i => i.Street == code).Select(i => (i.ApplicationId, i.StartDate, i.DurationMonths, i.Forms, i.Certificate))))).ToList();
        var totals = Totals(months, from, to, cap, communityRows,
            items.Select(i => (i.ApplicationId, i.StartDate, i.DurationMonths, i.Forms, i.Certificate)));

        var baseline = await BaselineAsync(district, units.Community, cancellationToken);
        var compare = CompareMonth(from, to);
        var reduction = baseline is null ? null : Reduce(baseline, compare,
            units.Community is null ? totals[compare.Index - from.Index] : ScopeOfOne(communityRows.Single().Months[compare.Index - from.Index]));
        return new BurdenReport(district, units.Community is not null ? "community" : units.Street is not null ? "street" : "district",
            units.Street, units.Community, from.ToString(), to.ToString(), cap, months.Select(m => m.ToString()).ToList(), totals, streetRows,
            communityRows, baseline, reduction);
    }

    /// <summary>The baselines the caller may see: all of the district for district readers, else the district's and the caller's communities'.</summary>
    public async Task<IReadOnlyList<BurdenBaselineView>> BaselinesAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!MayRead(actor))
        {
            throw new UnauthorizedAccessException("无权查看基线 / You may not read the baselines");
        }

        var district = actor.District!;
        var query = db.Set<BurdenBaseline>().AsNoTracking().Where(b => b.District == district);
        if (!SeesDistrict(actor))
        {
            var own = actor.IsIn(Role.Community) && actor.Community is not null
                ? db.Set<Community>().Where(c => c.DistrictCode == district && c.Code == actor.Community)
                : db.Set<Community>().Where(c => c.DistrictCode == district && c.StreetCode == actor.Street);
            var codes = own.Select(c => c.Code);
            query = query.Where(b => b.Unit == district || codes.Contains(b.Unit));
        }

        var rows = await query.OrderBy(b => b.Unit).ToListAsync(cancellationToken);
        return rows.Select(BurdenBaselineView.Of).ToList();
    }

    /// <summary>
    /// Records baselines (office only): each replaces the unit's previous one, audited with before and after. All or nothing: one invalid
    /// entry rejects the request with field errors (<c>baselines[i].field</c>) and stores none.
    /// </summary>
    public async Task<IReadOnlyList<BurdenBaselineView>> SaveBaselinesAsync(Actor actor, IReadOnlyList<BurdenBaselineInput?>? baselines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsIn(Role.Office) || actor.District is null)
        {
            throw new UnauthorizedAccessException("只有办公室可以登记负担基线 / Only the office records burden baselines");
        }

        var district = actor.District;
        var errors = new List<FieldError>();
        if (baselines is null || baselines.Count == 0)
        {
            throw DomainRejection.Invalid("baselines", "至少登记一条基线 / Give at least one baseline");
        }

        if (baselines.Count > MaxBaselines)
        {
            throw DomainRejection.Invalid("baselines", $"一次最多登记 {MaxBaselines} 条 / At most {MaxBaselines} baselines at once");
        }

        var named = baselines.Select(b => Blank(b?.Community)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var known = await db.Set<Community>().AsNoTracking().Where(c => c.DistrictCode == district && named.Contains(c.Code))
            .Select(c => c.Code).ToListAsync(cancellationToken);
        var today = WorkingDayCalendar.ChinaDate(time.GetUtcNow());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < baselines.Count; i++)
        {
            var b = baselines[i];
            var at = $"baselines[{i}]";
            if (b is null)
            {
                errors.Add(new(at, "基线不能为空 / The baseline is required"));
                continue;
            }

            var unit = Blank(b.Community) ?? district;
            if (unit != district && !known.Contains(unit, StringComparer.Ordinal))
            {
                errors.Add(new($"{at}.community", $"本区没有社区 {unit} / The district has no community {unit}"));
            }

            if (!seen.Add(unit))
            {
                errors.Add(new($"{at}.community", $"同一请求中 {unit} 重复 / {unit} appears twice in the request"));
            }

            Count(errors, $"{at}.items", "事项数", "items", b.Items);
            Count(errors, $"{at}.formsAndLedgers", "报表台账数", "formsAndLedgers", b.FormsAndLedgers);
            Count(errors, $"{at}.certificates", "证明事项数", "certificates", b.Certificates);
            if (b.HoursPerMonth is null)
            {
                errors.Add(new($"{at}.hoursPerMonth", "每月工时不能为空 / hoursPerMonth is required"));
            }
            else if (b.HoursPerMonth is < 0 or > 10_000)
            {
                errors.Add(new($"{at}.hoursPerMonth", "每月工时须在 0–10000 之间 / hoursPerMonth must be 0–10000"));
            }

            if (b.AsOf is null)
            {
                errors.Add(new($"{at}.asOf", "基线日期不能为空 / asOf is required"));
            }
            else if (b.AsOf > today)
            {
                errors.Add(new($"{at}.asOf", "基线日期不能晚于今天 / asOf must not be in the future"));
            }

            if (string.IsNullOrWhiteSpace(b.Source))
            {
                errors.Add(new($"{at}.source", "来源说明不能为空 / source is required"));
            }
            else if (b.Source.Length > 500)
            {
                errors.Add(new($"{at}.source", "来源说明不能超过 500 个字符 / source must be at most 500 characters"));
            }
        }

        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var units = baselines.Select(b => Blank(b!.Community) ?? district).ToList();
        var existing = await db.Set<BurdenBaseline>().Where(x => x.District == district && units.Contains(x.Unit))
            .ToDictionaryAsync(x => x.Unit, StringComparer.Ordinal, cancellationToken);
        var saved = new List<BurdenBaseline>();
        foreach (var b in baselines)
        {
            var unit = Blank(b!.Community) ?? district;
            var row = existing.GetValueOrDefault(unit);
            var before = row is null ? null : BurdenBaselineView.Of(row);
            if (row is null)
            {
                row = new BurdenBaseline { District = district, Unit = unit, Source = b.Source!.Trim(), RecordedBy = actor.Name };
                db.Add(row);
            }

            row.Items = b.Items!.Value;
            row.FormsAndLedgers = b.FormsAndLedgers!.Value;
            row.Certificates = b.Certificates!.Value;
            row.HoursPerMonth = b.HoursPerMonth!.Value;
            row.AsOf = b.AsOf!.Value;
            row.Source = b.Source!.Trim();
            row.RecordedBy = actor.Name;
            row.RecordedAt = now;
            audit.Record(db, actor, "burden.baseline.recorded", "burden-baseline", $"{district}:{unit}", before, BurdenBaselineView.Of(row), district);
            saved.Add(row);
        }

        await audit.SaveChangesAsync(db, cancellationToken);
        return saved.Select(BurdenBaselineView.Of).ToList();
    }

    /// <summary>
    /// The monthly hours cap of the district: the <c>burdenCapHours</c> input of the screening step in its published lifecycle workflow
    /// (the cap screening flags applications against), or the screening default when the workflow sets none.
    /// </summary>
    private async Task<decimal> CapHoursAsync(string district, CancellationToken cancellationToken)
    {
        var record = await definitions.FindPublishedForStartAsync(district, $"{district}-{options.Value.LifecycleWorkflow}", cancellationToken);
        if (record is not null)
        {
            var flow = await definitions.LoadAsync(record.DefinitionId, record.Version, cancellationToken);
            var screen = flow.Activities.FirstOrDefault(a => a.Type == ScreenType);
            if (screen is not null && screen.Inputs.TryGetValue(ScreenApplication.BurdenCapInput, out var cap) && cap.Type == ExpressionTypes.Literal
                && decimal.TryParse(cap.Value?.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) && hours > 0)
            {
                return hours;
            }
        }

        return (decimal)ScreenApplication.DefaultBurdenCapHours;
    }

    private sealed record Scope(IQueryable<Community> Communities, string? Street, string? Community);

    private async Task<Scope> ResolveScopeAsync(Actor actor, string district, string? street, string? community, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        Community? one = null;
        if (community is not null)
        {
            one = await db.Set<Community>().AsNoTracking().FirstOrDefaultAsync(c => c.DistrictCode == district && c.Code == community, cancellationToken);
            if (one is null)
            {
                errors.Add(new("community", $"本区没有社区 {community} / The district has no community {community}"));
            }
        }

        if (street is not null && !await db.Set<Street>().AnyAsync(s => s.DistrictCode == district && s.Code == street, cancellationToken))
        {
            errors.Add(new("street", $"本区没有街道 {street} / The district has no street {street}"));
        }

        if (one is not null && street is not null && one.StreetCode != street)
        {
            errors.Add(new("community", $"社区 {community} 不属于街道 {street} / Community {community} is not in street {street}"));
        }

        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        if (!SeesDistrict(actor))
        {
            // A community sees only itself; a street only its own communities.
            var own = actor.IsIn(Role.Community) ? actor.Community : null;
            var ownStreet = own is null ? actor.Street : null;
            if (own is not null && (community ?? own) != own || own is not null && street is not null && street != actor.Street
                || ownStreet is not null && (street ?? ownStreet) != ownStreet || ownStreet is not null && one is not null && one.StreetCode != ownStreet)
            {
                throw new UnauthorizedAccessException("只能查看本街道或本社区的负担 / You may only read your own street's or community's burden");
            }

            community ??= own;
            street = own is null ? ownStreet : null;
        }

        var communities = db.Set<Community>().AsNoTracking().Where(c => c.DistrictCode == district);
        if (community is not null)
        {
            return new(communities.Where(c => c.Code == community), null, community);
        }

        return street is null ? new(communities, null, null) : new(communities.Where(c => c.StreetCode == street), street, null);
    }

    /// <summary>The months asked for: <c>yyyy-MM</c>; a missing end defaults to its year's January or December, both missing to the current year.</summary>
    private (BurdenMonth From, BurdenMonth To) ValidateRange(string? fromText, string? toText)
    {
        var errors = new List<FieldError>();
        BurdenMonth from = default, to = default;
        var fromOk = Blank(fromText) is null || BurdenMonth.TryParse(fromText!.Trim(), out from);
        var toOk = Blank(toText) is null || BurdenMonth.TryParse(toText!.Trim(), out to);
        if (!fromOk)
        {
            errors.Add(new("from", "开始月份格式应为 yyyy-MM / from must be a month yyyy-MM"));
        }

        if (!toOk)
        {
            errors.Add(new("to", "结束月份格式应为 yyyy-MM / to must be a month yyyy-MM"));
        }

        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var year = BurdenMonth.Of(WorkingDayCalendar.ChinaDate(time.GetUtcNow())).Year;
        if (Blank(fromText) is null)
        {
            from = BurdenMonth.Of(Blank(toText) is null ? year : to.Year, 1);
        }

        if (Blank(toText) is null)
        {
            to = BurdenMonth.Of(from.Year, 12);
        }

        if (from > to)
        {
            throw DomainRejection.Invalid("from", "开始月份不能晚于结束月份 / from must not be after to");
        }

        if (BurdenMonth.Count(from, to) > MaxMonths)
        {
            throw DomainRejection.Invalid("to", $"一次最多查询 {MaxMonths} 个月 / The range may span at most {MaxMonths} months");
        }

        return (from, to);
    }

    /// <summary>The month the reduction is measured in: the current month, kept within the range.</summary>
    private BurdenMonth CompareMonth(BurdenMonth from, BurdenMonth to)
    {
        var now = BurdenMonth.Of(WorkingDayCalendar.ChinaDate(time.GetUtcNow()));
        return now < from ? from : now > to ? to : now;
    }

    /// <summary>Dispatches that count: not refused, to a community in scope, of an item on the plan list not revoked, starting by the range's end.</summary>
    private IQueryable<CarriedItem> Carried(string district, IQueryable<Community> communities, BurdenMonth to)
    {
        var lastDay = to.LastDay;
        return from d in db.Set<DispatchRecord>().AsNoTracking()
               where d.District == district && d.Status != DispatchStatus.Refused
               join c in communities on d.CommunityCode equals c.Code
               join a in db.Set<Application>().AsNoTracking() on d.ApplicationId equals a.Id
               join p in db.Set<PlanListEntry>().AsNoTracking() on d.ApplicationId equals p.ApplicationId
               where p.Status != PlanEntryStatus.Revoked && a.StartDate <= lastDay && a.DurationMonths > 0
               select new CarriedItem
               {
                   Community = d.CommunityCode, Street = c.StreetCode, ApplicationId = a.Id, StartDate = a.StartDate, DurationMonths = a.DurationMonths,
                   Forms = a.FormsAndLedgers.Count, Certificate = a.Category == ApplicationCategory.Certificate, Hours = a.WorkloadHoursPerMonth,
               };
    }

    /// <summary>Adds the disbursements (funding ledger payments) per community and month, and the cumulative sums from before the range.</summary>
    private async Task AddFundsAsync(string district, IQueryable<Community> communities, IReadOnlyList<BurdenMonth> months, Dictionary<string, int> index,
        CellAccumulator[,] cells, CancellationToken cancellationToken)
    {
        var start = months[0].StartsAtUtc;
        var end = months[^1].AddMonths(1).StartsAtUtc;
        var codes = communities.Select(c => c.Code);
        var payments = db.Set<FundingDisbursement>().AsNoTracking().Where(d => d.District == district && codes.Contains(d.CommunityCode));
        var before = await payments.Where(d => d.At < start).GroupBy(d => d.CommunityCode)
            .Select(g => new { Community = g.Key, Amount = g.Sum(d => d.Amount) }).ToListAsync(cancellationToken);
        var byMonth = await payments.Where(d => d.At >= start && d.At < end).Select(PaymentMonth(months))
            .GroupBy(p => new { p.Community, p.Month })
            .Select(g => new { g.Key.Community, g.Key.Month, Amount = g.Sum(p => p.Amount) }).ToListAsync(cancellationToken);
        foreach (var p in byMonth)
        {
            if (index.TryGetValue(p.Community, out var row))
            {
                cells[row, p.Month].FundsMonth += p.Amount;
            }
        }

        var opening = before.ToDictionary(b => b.Community, b => b.Amount, StringComparer.Ordinal);
        foreach (var (code, row) in index)
        {
            var running = opening.GetValueOrDefault(code);
            for (var m = 0; m < months.Count; m++)
            {
                running += cells[row, m].FundsMonth;
                cells[row, m].FundsCumulative = running;
            }
        }
    }

    /// <summary>
    /// <c>d => new Payment { Community, Month = offset of the China-time month d.At falls in, Amount }</c>: a CASE over the months'
    /// starts, so the database groups payments by month (times are stored as UTC ticks, which have no month function).
    /// </summary>
    private static Expression<Func<FundingDisbursement, Payment>> PaymentMonth(IReadOnlyList<BurdenMonth> months)
    {
        var d = Expression.Parameter(typeof(FundingDisbursement), "d");
        var at = Expression.Property(d, nameof(FundingDisbursement.At));
        Expression month = Expression.Constant(months.Count - 1);
        for (var i = months.Count - 1; i >= 1; i--)
        {
            month = Expression.Condition(Expression.LessThan(at, Expression.Constant(months[i].StartsAtUtc)), Expression.Constant(i - 1), month);
        }

        return Expression.Lambda<Func<FundingDisbursement, Payment>>(
            Expression.MemberInit(Expression.New(typeof(Payment)),
                Expression.Bind(typeof(Payment).GetProperty(nameof(Payment.Community))!, Expression.Property(d, nameof(FundingDisbursement.CommunityCode))),
                Expression.Bind(typeof(Payment).GetProperty(nameof(Payment.Month))!, month),
                Expression.Bind(typeof(Payment).GetProperty(nameof(Payment.Amount))!, Expression.Property(d, nameof(FundingDisbursement.Amount)))),
            d);
    }

    private static List<BurdenTotal> Totals(IReadOnlyList<BurdenMonth> months, BurdenMonth from, BurdenMonth to, decimal cap,
        IReadOnlyList<BurdenCommunityRow> rows, IEnumerable<(Guid Id, DateOnly Start, int Duration, int Forms, bool Certificate)> items)
    {
        var counts = new (int Items, int Forms, int Certificates)[months.Count];
        foreach (var item in items.DistinctBy(i => i.Id))
        {
            if (BurdenMonth.CarriedOffsets(item.Start, item.Duration, from, to) is not { } span)
            {
                continue;
            }

            for (var m = span.First; m <= span.Last; m++)
            {
                counts[m].Items++;
                counts[m].Forms += item.Forms;
                counts[m].Certificates += item.Certificate ? 1 : 0;
            }
        }

        return months.Select((month, j) =>
        {
            var cells = rows.Select(r => r.Months[j]).ToList();
            var n = cells.Count;
            return new BurdenTotal(month.ToString(), n, counts[j].Items, counts[j].Forms, counts[j].Certificates,
                n == 0 ? 0 : Math.Round(cells.Sum(c => c.Hours) / n, 2), n == 0 ? 0 : cells.Max(c => c.Hours), cells.Count(c => c.Hours > cap),
                cells.Sum(c => c.FundsMonth), cells.Sum(c => c.FundsCumulative));
        }).ToList();
    }

    private static BurdenTotal ScopeOfOne(BurdenCell cell) =>
        new(cell.Month, 1, cell.Items, cell.FormsAndLedgers, cell.Certificates, cell.Hours, cell.Hours, cell.OverCap ? 1 : 0, cell.FundsMonth, cell.FundsCumulative);

    /// <summary>The community's own baseline when it has one, else the district's.</summary>
    private async Task<BurdenBaselineView?> BaselineAsync(string district, string? community, CancellationToken cancellationToken)
    {
        var rows = await db.Set<BurdenBaseline>().AsNoTracking()
            .Where(b => b.District == district && (b.Unit == district || b.Unit == community)).ToListAsync(cancellationToken);
        var chosen = rows.FirstOrDefault(b => community is not null && b.Unit == community) ?? rows.FirstOrDefault(b => b.Unit == district);
        return chosen is null ? null : BurdenBaselineView.Of(chosen);
    }

    private static BurdenReduction Reduce(BurdenBaselineView baseline, BurdenMonth month, BurdenTotal now) => new(month.ToString(),
        Change(baseline.Items, now.Items), Change(baseline.FormsAndLedgers, now.FormsAndLedgers), Change(baseline.Certificates, now.Certificates),
        Change(baseline.HoursPerMonth, now.HoursAverage));

    private static BurdenChange Change(decimal baseline, decimal now) => new(baseline, now, BurdenMonth.ChangePercent(baseline, now));

    private sealed class CarriedItem
    {
        public required string Community { get; init; }
        public required string Street { get; init; }
        public Guid ApplicationId { get; init; }
        public DateOnly StartDate { get; init; }
        public int DurationMonths { get; init; }
        public int Forms { get; init; }
        public bool Certificate { get; init; }
        public decimal Hours { get; init; }
    }

    private sealed class Payment
    {
        public string Community { get; set; } = "";
        public int Month { get; set; }
        public decimal Amount { get; set; }
    }

    private struct CellAccumulator
    {
        public int Items;
        public int Forms;
        public int Certificates;
        public decimal Hours;
        public decimal FundsMonth;
        public decimal FundsCumulative;

        public readonly BurdenCell ToCell(BurdenMonth month, decimal cap) =>
            new(month.ToString(), Items, Forms, Certificates, Hours, Hours > cap, FundsMonth, FundsCumulative);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Count(List<FieldError> errors, string field, string zh, string en, int? value)
    {
        if (value is null)
        {
            errors.Add(new(field, $"{zh}不能为空 / {en} is required"));
        }
        else if (value is < 0 or > 1_000_000)
        {
            errors.Add(new(field, $"{zh}须在 0–1000000 之间 / {en} must be 0–1000000"));
        }
    }
}
