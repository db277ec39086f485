using TaskRouting.Platform.Http;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Activities.Intake;

/// <summary>One line of an application's history.</summary>
public sealed record HistoryLine(DateTimeOffset At, ApplicationStage Stage, string Kind, string Actor, string TextZh, string TextEn);

/// <summary>What a department reads about its application: stage, what it waits for and until when, the last decision, the history.</summary>
public sealed record ApplicationStatus(
    Guid Id, string Title, ApplicationStage Stage, DateTimeOffset StageSince, string? WaitingForZh, string? WaitingForEn, DateTimeOffset? WaitingUntil,
    string? Decision, string? DecisionReason, string? DecisionReference, string? AdmissionNumber, bool BurdenFlagged, string? BurdenDetail,
    string? WorkflowInstanceId, IReadOnlyList<HistoryLine> History);

/// <summary>
/// Files, edits, submits and withdraws applications, and reads them within the caller's scope: a department its
/// own, the office, committee, supervisor and auditor their district's, a street or community those that reach it.
/// Every change is audited in the same transaction.
/// </summary>
public sealed class Applications(
    DbContext db, AuditTrail audit, CalendarStore calendar, WorkflowInstances instances, IOptions<AdmissionOptions> options, TimeProvider time)
{
    /// <summary>Creates a draft (and submits it at once when asked). Invalid forms are refused with field errors and nothing is stored.</summary>
    public async Task<Application> CreateAsync(Actor actor, ApplicationForm? form, bool submit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsIn(Role.Department) || actor.District is null || actor.Department is null)
        {
            throw new UnauthorizedAccessException("只有部门用户可以提交申请 / Only department users file applications");
        }

        await ValidateAsync(actor.District, form, cancellationToken);
        var now = time.GetUtcNow();
        var application = new Application
        {
            Id = Guid.NewGuid(),
            District = actor.District,
            Department = actor.Department,
            Title = "",
            Description = "",
            LegalBasis = "",
            CreatedBy = actor.Name,
            CreatedAt = now,
            Stage = ApplicationStage.Draft,
            StageSince = now,
        };
        Fill(application, form!);
        db.Add(application);
        ApplicationLog.Note(db, application, "created", new("部门填写申请(草稿)", "The department drafted the application"), actor.Name, now);
        audit.Record(db, actor, "application.created", "application", application.Id.ToString(), null, Snapshot(application), application.District);
        if (submit)
        {
            return await SubmitTrackedAsync(actor, application, cancellationToken);
        }

        await audit.SaveChangesAsync(db, cancellationToken);
        return application;
    }

    /// <summary>Edits a draft.</summary>
    public async Task<Application> UpdateAsync(Actor actor, Guid id, ApplicationForm? form, CancellationToken cancellationToken)
    {
        var application = await OwnAsync(actor, id, cancellationToken);
        if (application.Stage != ApplicationStage.Draft)
        {
            throw DomainRejection.StateConflict("只能修改草稿;已提交的申请可以撤回后重新申请 / Only a draft can be edited; withdraw a submitted application and file a new one");
        }

        await ValidateAsync(application.District, form, cancellationToken);
        var before = Snapshot(application);
        Fill(application, form!);
        ApplicationLog.Note(db, application, "edited", new("部门修改草稿", "The department edited the draft"), actor.Name, time.GetUtcNow());
        audit.Record(db, actor, "application.updated", "application", id.ToString(), before, Snapshot(application), application.District);
        await audit.SaveChangesAsync(db, cancellationToken);
        return application;
    }

    /// <summary>Submits a draft: validated again (dates move), then the district's lifecycle (or emergency) workflow starts in the same transaction.</summary>
    public async Task<Application> SubmitAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var application = await OwnAsync(actor, id, cancellationToken);
        if (application.Stage != ApplicationStage.Draft)
        {
            throw DomainRejection.StateConflict($"申请已提交(当前阶段 {application.Stage})/ The application was submitted already (stage {application.Stage})");
        }

        await ValidateAsync(application.District, ToForm(application), cancellationToken);
        return await SubmitTrackedAsync(actor, application, cancellationToken);
    }

    /// <summary>Withdraws an application before its review: a draft, one in screening or one queued for a window.</summary>
    public async Task<Application> WithdrawAsync(Actor actor, Guid id, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (reason is { Length: > 2000 })
        {
            throw DomainRejection.Invalid("reason", "理由不能超过 2000 个字符 / reason must be at most 2000 characters");
        }

        var application = await OwnAsync(actor, id, cancellationToken);
        if (application.Stage is not (ApplicationStage.Draft or ApplicationStage.Screening or ApplicationStage.Queued))
        {
            throw DomainRejection.StateConflict($"评审开始后不能撤回(当前阶段 {application.Stage})/ An application cannot be withdrawn once its review has begun (stage {application.Stage})");
        }

        var now = time.GetUtcNow();
        var text = new Text("部门撤回申请" + (reason is null ? "" : $":{reason}"), "The department withdrew the application" + (reason is null ? "" : $": {reason}"));
        if (application.WorkflowInstanceId is null)
        {
            ApplicationLog.Decide(application, "Withdrawn", reason);
            ApplicationLog.Move(db, application, ApplicationStage.Withdrawn, "withdrawn", text, actor.Name, now);
            audit.Record(db, actor, "application.withdrawn", "application", id.ToString(), new { stage = "Draft" }, new { stage = "Withdrawn", reason }, application.District);
            await audit.SaveChangesAsync(db, cancellationToken);
            return application;
        }

        var revision = application.Revision;
        var stage = application.Stage;
        db.ChangeTracker.Clear();
        var result = await instances.StopAsync(application.WorkflowInstanceId, terminate: false, reason ?? "withdrawn", actor.Name, (ctx, _) =>
        {
            // The stop clears the context per attempt: attach the application as read, so a concurrent change fails the revision check.
            var attached = ctx.Attach(application).Entity;
            ctx.Entry(attached).Property(a => a.Revision).OriginalValue = revision;
            ApplicationLog.Decide(attached, "Withdrawn", reason);
            ApplicationLog.Move(ctx, attached, ApplicationStage.Withdrawn, "withdrawn", text, actor.Name, now);
            audit.Record(ctx, actor, "application.withdrawn", "application", id.ToString(), new { stage = stage.ToString() }, new { stage = "Withdrawn", reason }, application.District);
        }, cancellationToken);
        if (result.Outcome != InstanceOutcome.Applied)
        {
            throw DomainRejection.StateConflict($"申请的流程已结束,不能撤回({result.Reason})/ The application's workflow has ended; it cannot be withdrawn ({result.Reason})");
        }

        return application;
    }

    /// <summary>One application the caller may read, with its status and history; null when it does not exist for the caller.</summary>
    public async Task<(Application Application, ApplicationStatus Status)?> ReadAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var application = await db.Set<Application>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (application is null || !await CanReadAsync(actor, application, cancellationToken))
        {
            return null;
        }

        var history = await db.Set<ApplicationEvent>().AsNoTracking().Where(e => e.ApplicationId == id).OrderBy(e => e.Id)
            .Select(e => new HistoryLine(e.At, e.Stage, e.Kind, e.Actor, e.TextZh, e.TextEn)).ToListAsync(cancellationToken);
        return (application, StatusOf(application, history));
    }

    /// <summary>
    /// One application's status and history for the caller, or null when it does not exist for the caller: what
    /// <c>GET /api/applications/{id}/status</c> answers. One query reads only the status columns with the history
    /// lines (not the form, its JSON and target arrays, which <see cref="ReadAsync"/> loads); callers that are not
    /// district-wide or the owning department go through <see cref="ReadAsync"/>'s scope check.
    /// </summary>
    public async Task<ApplicationStatus?> StatusAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var row = await db.Set<Application>().AsNoTracking().Where(a => a.Id == id)
            .Select(a => new
            {
                a.District, a.Department, a.Title, a.Stage, a.StageSince, a.WaitingForZh, a.WaitingForEn, a.WaitingUntil, a.Decision, a.DecisionReason,
                a.DecisionReference, a.AdmissionNumber, a.BurdenFlagged, a.BurdenDetail, a.WorkflowInstanceId,
                History = db.Set<ApplicationEvent>().Where(e => e.ApplicationId == a.Id).OrderBy(e => e.Id)
                    .Select(e => new HistoryLine(e.At, e.Stage, e.Kind, e.Actor, e.TextZh, e.TextEn)).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null || !string.Equals(actor.District, row.District, StringComparison.Ordinal))
        {
            return null;
        }

        if (DistrictWide(actor) || (actor.IsIn(Role.Department) && actor.Department == row.Department))
        {
            return new ApplicationStatus(id, row.Title, row.Stage, row.StageSince, row.WaitingForZh, row.WaitingForEn, row.WaitingUntil, row.Decision,
                row.DecisionReason, row.DecisionReference, row.AdmissionNumber, row.BurdenFlagged, row.BurdenDetail, row.WorkflowInstanceId, row.History);
        }

        // Streets and communities: the scope depends on the application's targets.
        return (await ReadAsync(actor, id, cancellationToken))?.Status;
    }

    /// <summary>The applications the caller may read, newest first, filtered by stage, a search text and (when given) urgency.</summary>
    public async Task<(int Total, List<Application> Items)> ListAsync(
        Actor actor, ApplicationStage? stage, string? search, int page, int pageSize, CancellationToken cancellationToken, bool? urgent = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var query = db.Set<Application>().AsNoTracking().Where(a => a.District == actor.District);
        if (actor.IsIn(Role.Department) && !DistrictWide(actor))
        {
            query = query.Where(a => a.Department == actor.Department);
        }
        else if (!DistrictWide(actor))
        {
            // Streets and communities see the submitted applications that reach them (to vote, to receive).
            var unit = actor.Community ?? actor.Street;
            var street = actor.Street;
            query = query.Where(a => a.Stage != ApplicationStage.Draft && (a.WholeDistrict
                || (unit != null && a.TargetCommunities.Contains(unit)) || (street != null && a.TargetStreets.Contains(street))));
        }

        if (stage is not null)
        {
            query = query.Where(a => a.Stage == stage);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            query = query.Where(a => a.Title.Contains(search) || a.Description.Contains(search));
        }

        if (urgent is { } wanted)
        {
            query = query.Where(a => a.Urgent == wanted);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(a => a.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return (total, items);
    }

    private static bool DistrictWide(Actor actor) =>
        actor.IsIn(Role.Office) || actor.IsIn(Role.Committee) || actor.IsIn(Role.Supervisor) || actor.IsIn(Role.Auditor);

    private async Task<bool> CanReadAsync(Actor actor, Application application, CancellationToken cancellationToken)
    {
        if (!string.Equals(actor.District, application.District, StringComparison.Ordinal))
        {
            return false;
        }

        if (DistrictWide(actor) || (actor.IsIn(Role.Department) && actor.Department == application.Department))
        {
            return true;
        }

        if (application.Stage == ApplicationStage.Draft || (actor.Street is null && actor.Community is null))
        {
            return false;
        }

        var communities = await TargetUnits.CommunitiesAsync(db, application, cancellationToken);
        return communities.Any(c => c.Code == actor.Community || c.StreetCode == actor.Street);
    }

    private async Task<Application> SubmitTrackedAsync(Actor actor, Application application, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        application.SubmittedAt = now;
        ApplicationLog.Move(db, application, ApplicationStage.Screening, "submitted",
            application.Urgent ? new("部门提交紧急事项申请", "The department filed an urgent application") : new("部门提交申请", "The department submitted the application"),
            actor.Name, now);
        var key = application.Urgent ? options.Value.EmergencyWorkflow : options.Value.LifecycleWorkflow;
        var input = new JsonObject
        {
            ["applicationId"] = application.Id.ToString(),
            ["district"] = application.District,
            ["department"] = application.Department,
        };
        var result = await instances.StartAsync(application.District, $"{application.District}-{key}", input, application.Id.ToString(), actor.Name,
            (ctx, burst) =>
            {
                application.WorkflowInstanceId = burst.State.InstanceId;
                audit.Record(ctx, actor, "application.submitted", "application", application.Id.ToString(), new { stage = "Draft" },
                    new { stage = application.Stage.ToString(), workflow = $"{application.District}-{key}", instance = burst.State.InstanceId }, application.District);
            }, cancellationToken);
        if (result.Outcome != InstanceOutcome.Applied)
        {
            throw DomainRejection.StateConflict($"本区没有已发布的准入流程 {application.District}-{key},请联系流程设计人员 / The district has no published workflow {application.District}-{key}; ask a workflow designer ({result.Reason})");
        }

        return application;
    }

    private async Task<Application> OwnAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var application = await db.Set<Application>().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (application is null || application.District != actor.District || !actor.IsIn(Role.Department) || application.Department != actor.Department)
        {
            throw DomainRejection.Missing($"没有申请 {id} / There is no application {id}");
        }

        return application;
    }

    private async Task ValidateAsync(string district, ApplicationForm? form, CancellationToken cancellationToken)
    {
        var errors = await ApplicationValidator.ValidateAsync(db, district, form, WorkingDayCalendar.ChinaDate(time.GetUtcNow()), calendar.Current,
            options.Value.EmergencyLeadWorkingDays, cancellationToken);
        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }
    }

    private static void Fill(Application a, ApplicationForm f)
    {
        a.Title = f.Title!.Trim();
        a.Description = f.Description!.Trim();
        a.Category = f.Category!.Value;
        a.LegalBasis = f.LegalBasis!.Trim();
        a.WholeDistrict = f.WholeDistrict;
        a.TargetStreets = f.WholeDistrict ? [] : (f.TargetStreets ?? []).Distinct(StringComparer.Ordinal).ToList();
        a.TargetCommunities = f.WholeDistrict ? [] : (f.TargetCommunities ?? []).Distinct(StringComparer.Ordinal).ToList();
        a.StartDate = f.StartDate!.Value;
        a.DurationMonths = f.DurationMonths!.Value;
        a.WorkloadHoursPerMonth = f.WorkloadHoursPerMonth!.Value;
        a.FormsAndLedgers = (f.FormsAndLedgers ?? []).Select(x => new FormOrLedger { Name = x.Name!, Frequency = x.Frequency!, DataAlreadyShared = x.DataAlreadyShared }).ToList();
        a.FundingPerCommunity = f.FundingPerCommunity!.Value;
        a.SupportPersonnel = f.SupportPersonnel;
        a.SupportTraining = f.SupportTraining;
        a.SupportGuidance = f.SupportGuidance;
        a.Urgent = f.Urgent;
        a.UrgencyJustification = f.Urgent ? f.UrgencyJustification : null;
        a.NeededBy = f.Urgent ? f.NeededBy : null;
    }

    /// <summary>The form an application was filled from.</summary>
    public static ApplicationForm ToForm(Application a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new()
        {
            Title = a.Title, Description = a.Description, Category = a.Category, LegalBasis = a.LegalBasis, WholeDistrict = a.WholeDistrict,
            TargetStreets = a.TargetStreets, TargetCommunities = a.TargetCommunities, StartDate = a.StartDate, DurationMonths = a.DurationMonths,
            WorkloadHoursPerMonth = a.WorkloadHoursPerMonth,
            FormsAndLedgers = a.FormsAndLedgers.Select(x => new FormOrLedgerInput(x.Name, x.Frequency, x.DataAlreadyShared)).ToList(),
            FundingPerCommunity = a.FundingPerCommunity, SupportPersonnel = a.SupportPersonnel, SupportTraining = a.SupportTraining,
            SupportGuidance = a.SupportGuidance, Urgent = a.Urgent, UrgencyJustification = a.UrgencyJustification, NeededBy = a.NeededBy,
        };
    }

    public static ApplicationStatus StatusOf(Application a, IReadOnlyList<HistoryLine> history)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, a.Title, a.Stage, a.StageSince, a.WaitingForZh, a.WaitingForEn, a.WaitingUntil, a.Decision, a.DecisionReason, a.DecisionReference,
            a.AdmissionNumber, a.BurdenFlagged, a.BurdenDetail, a.WorkflowInstanceId, history);
    }

    private static object Snapshot(Application a) => ToForm(a);
}
