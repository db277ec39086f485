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

        var now = time.GetUtcNow();
        var before = record.Status;
        switch (action)
        {
            case DispatchAction.Acknowledge:
                record.Status = DispatchStatus.Acknowledged;
                record.AcknowledgedAt = now;
                break;
            case DispatchAction.Complete:
                record.Status = DispatchStatus.Completed;
                record.CompletedAt = now;
                break;
            default:
                record.Status = DispatchStatus.Refused;
                record.RefusedAt = now;
                await Alerts.RaiseAsync(db, $"dispatch-refused:{applicationId}:{actor.Community}", record.District, AlertKind.Escalation, "office", record.District,
                    applicationId, new($"社区 {actor.Community} 拒绝承接“{record.Title}”:{report}", $"Community {actor.Community} refused “{record.Title}”: {report}"),
                    now, null, cancellationToken);
                break;
        }

        record.Report = report ?? record.Report;
        record.UpdatedBy = actor.Name;
        var application = await db.Set<Application>().FirstAsync(a => a.Id == applicationId, cancellationToken);
        ApplicationLog.Note(db, application, $"dispatch-{action.ToString().ToLowerInvariant()}",
            new($"社区 {actor.Community} {action switch { DispatchAction.Acknowledge => "签收", DispatchAction.Complete => "办结", _ => "拒绝" }}" + (report is null ? "" : $":{report}"),
                $"Community {actor.Community}: {action.ToString().ToLowerInvariant()}" + (report is null ? "" : $": {report}")),
            actor.Name, now);
        audit.Record(db, actor, $"dispatch.{action.ToString().ToLowerInvariant()}", "dispatch", $"{applicationId}:{actor.Community}",
            new { status = before.ToString() }, new { status = record.Status.ToString(), report }, record.District);
        await audit.SaveChangesAsync(db, cancellationToken);
        if (application.WorkflowInstanceId is not null && action != DispatchAction.Acknowledge)
        {
            await Nudge.ResumeAsync(db, instances, application.WorkflowInstanceId, DispatchToCommunities.Stimulus, actor.Name, cancellationToken);
        }

        return record;
    }
}
