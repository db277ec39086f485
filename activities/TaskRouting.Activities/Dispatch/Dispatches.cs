using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Escalation;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Activities.Dispatch;

/// <summary>What a community does with a dispatched item.</summary>
public enum DispatchAction { Acknowledge, Complete, Refuse }

/// <summary>The community side of dispatches: its received items, acknowledging, reporting completion, refusing with a reason.</summary>
public sealed class Dispatches(DbContext db, AuditTrail audit, WorkflowInstances instances, TimeProvider time)
{
    public Task<List<DispatchRecord>> ReceivedAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var query = db.Set<DispatchRecord>().AsNoTracking().Where(d => d.District == actor.District);
        query = actor.Community is not null ? query.Where(d => d.CommunityCode == actor.Community) : query.Where(d => d.StreetCode == actor.Street);
        return query.OrderBy(d => d.Status).ThenByDescending(d => d.DispatchedAt).Take(500).ToListAsync(cancellationToken);
    }

    public async Task<DispatchRecord> ActAsync(Actor actor, Guid applicationId, DispatchAction action, string? report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsIn(Role.Community) || actor.Community is null)
        {
            throw new UnauthorizedAccessException("只有社区可以签收和办结 / Only communities acknowledge and complete dispatched work");
        }

        if (action == DispatchAction.Refuse && string.IsNullOrWhiteSpace(report))
        {
            throw DomainRejection.Invalid("report", "拒绝须说明理由 / a refusal needs a reason");
        }

        if (report is { Length: > 2000 })
        {
            throw DomainRejection.Invalid("report", "说明不能超过 2000 个字符 / report must be at most 2000 characters");
        }

        var record = await db.Set<DispatchRecord>()
            .FirstOrDefaultAsync(d => d.ApplicationId == applicationId && d.CommunityCode == actor.Community && d.District == actor.District, cancellationToken)
            ?? throw DomainRejection.Missing($"没有下派给 {actor.Community} 的事项 {applicationId} / No item {applicationId} was dispatched to {actor.Community}");
        var allowed = (action, record.Status) switch
        {
            (DispatchAction.Acknowledge, DispatchStatus.Dispatched) => true,
            (DispatchAction.Complete, DispatchStatus.Acknowledged) => true,
            (DispatchAction.Refuse, DispatchStatus.Dispatched or DispatchStatus.Acknowledged) => true,
            _ => false,
        };
        if (!allowed)
        {
            throw DomainRejection.StateConflict($"事项当前为 {record.Status},不能 {action} / The item is {record.Status}; it cannot be {action.ToString().ToLowerInvariant()}d now");
        }

        var to = action switch { DispatchAction.Acknowledge => DispatchStatus.Acknowledged, DispatchAction.Complete => DispatchStatus.Completed, _ => DispatchStatus.Refused };
        var application = await ApplyAsync(db, audit, record, to, report, actor, time.GetUtcNow(), cancellationToken);
        await audit.SaveChangesAsync(db, cancellationToken);
        if (application.WorkflowInstanceId is not null && action != DispatchAction.Acknowledge)
        {
            await Nudge.ResumeAsync(db, instances, application.WorkflowInstanceId, DispatchToCommunities.Stimulus, actor.Name, cancellationToken);
        }

        return record;
    }

    /// <summary>
    /// Moves a dispatch to <paramref name="to"/> (a completion also records the acknowledgement if it was missing),
    /// alerts the office of a refusal, notes it in the application's history and audits it; the caller saves. Which
    /// moves are allowed is the caller's rule: the API's is strict, the bus consumer's tolerates any order.
    /// </summary>
    internal static async Task<Application> ApplyAsync(DbContext db, AuditTrail audit, DispatchRecord record, DispatchStatus to, string? report, Actor actor,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        var from = record.Status;
        record.Status = to;
        switch (to)
        {
            case DispatchStatus.Acknowledged:
                record.AcknowledgedAt = at;
                break;
            case DispatchStatus.Completed:
                record.AcknowledgedAt ??= at;
                record.CompletedAt = at;
                break;
            default:
                record.RefusedAt = at;
                await Alerts.RaiseAsync(db, $"dispatch-refused:{record.ApplicationId}:{record.CommunityCode}", record.District, AlertKind.Escalation, "office",
                    record.District, record.ApplicationId,
                    new($"社区 {record.CommunityCode} 拒绝承接“{record.Title}”:{report}", $"Community {record.CommunityCode} refused “{record.Title}”: {report}"),
                    at, null, cancellationToken);
                break;
        }

        record.Report = report ?? record.Report;
        record.UpdatedBy = actor.Name;
        var application = await db.Set<Application>().FirstAsync(a => a.Id == record.ApplicationId, cancellationToken);
        var (zh, en, verb) = to switch
        {
            DispatchStatus.Acknowledged => ("签收", "acknowledged", "acknowledge"),
            DispatchStatus.Completed => ("办结", "completed", "complete"),
            _ => ("拒绝", "refused", "refuse"),
        };
        ApplicationLog.Note(db, application, $"dispatch-{verb}",
            new($"社区 {record.CommunityCode} {zh}" + (report is null ? "" : $":{report}"), $"Community {record.CommunityCode} {en}" + (report is null ? "" : $": {report}")),
            actor.Name, at);
        audit.Record(db, actor, $"dispatch.{verb}", "dispatch", $"{record.ApplicationId}:{record.CommunityCode}",
            new { status = from.ToString() }, new { status = to.ToString(), report }, record.District);
        return application;
    }
}
