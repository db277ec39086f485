using Microsoft.EntityFrameworkCore;
using TaskRouting.Contracts.Dispatch;
using TaskRouting.Messaging.Outbox;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;
using TaskRouting.Streets.Data;

namespace TaskRouting.Streets.Tasks;

/// <summary>What a community does with a received task.</summary>
public enum TaskAction { Acknowledge, Complete, Refuse }

/// <summary>
/// The received tasks of a community (a street sees its communities'), and the community's answers: acknowledge,
/// complete with a report, refuse with a reason. Each answer is stored, audited and sent to the central side in one
/// transaction.
/// </summary>
public sealed class TaskInbox(StreetsDbContext db, AuditTrail audit, TimeProvider time)
{
    public Task<List<ReceivedTask>> ListAsync(Actor actor, ReceivedTaskStatus? status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var unit = StreetSide.Unit(actor);
        var query = db.Set<ReceivedTask>().AsNoTracking().Where(t => t.District == actor.District);
        query = actor.IsIn(Role.Community) ? query.Where(t => t.Community == unit) : query.Where(t => t.Street == unit);
        if (status is not null)
        {
            query = query.Where(t => t.Status == status);
        }

        return query.OrderBy(t => t.Status).ThenByDescending(t => t.DispatchedAt).Take(500).ToListAsync(cancellationToken);
    }

    public async Task<ReceivedTask> ActAsync(Actor actor, Guid dispatchId, TaskAction action, string? report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var community = StreetSide.Community(actor);
        var errors = new List<FieldError>();
        if (action == TaskAction.Refuse && string.IsNullOrWhiteSpace(report))
        {
            errors.Add(new("report", "拒绝须说明理由 / a refusal needs a reason"));
        }

        StreetSide.Length(errors, "report", report, 2000);
        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var task = await db.Set<ReceivedTask>().FirstOrDefaultAsync(t => t.DispatchId == dispatchId && t.District == actor.District && t.Community == community, cancellationToken)
            ?? throw DomainRejection.Missing($"{community} 没有收到下派事项 {dispatchId} / {community} received no task {dispatchId}");
        var allowed = (action, task.Status) switch
        {
            (TaskAction.Acknowledge, ReceivedTaskStatus.Received) => true,
            (TaskAction.Complete, ReceivedTaskStatus.Acknowledged) => true,
            (TaskAction.Refuse, ReceivedTaskStatus.Received or ReceivedTaskStatus.Acknowledged) => true,
            _ => false,
        };
        if (!allowed)
        {
            throw DomainRejection.StateConflict($"事项当前为 {task.Status},不能 {action} / The task is {task.Status}; it cannot be {action.ToString().ToLowerInvariant()}d now");
        }

        var now = time.GetUtcNow();
        var from = task.Status;
        task.UpdatedBy = actor.Name;
        task.Report = report ?? task.Report;
        switch (action)
        {
            case TaskAction.Acknowledge:
                task.Status = ReceivedTaskStatus.Acknowledged;
                task.AcknowledgedAt = now;
                Outbox.Add(db, new TaskAcknowledged
                {
                    DispatchId = task.DispatchId, ApplicationId = task.ApplicationId, District = task.District, Community = task.Community, AcknowledgedBy = actor.Name, AcknowledgedAt = now,
                }, now);
                break;
            case TaskAction.Complete:
                task.Status = ReceivedTaskStatus.Completed;
                task.CompletedAt = now;
                Outbox.Add(db, new TaskCompleted
                {
                    DispatchId = task.DispatchId, ApplicationId = task.ApplicationId, District = task.District, Community = task.Community, Report = report,
                    CompletedBy = actor.Name, CompletedAt = now,
                }, now);
                break;
            default:
                task.Status = ReceivedTaskStatus.Refused;
                task.RefusedAt = now;
                task.RefusalReason = RefusalReason.Other;
                Outbox.Add(db, new TaskRefused
                {
                    DispatchId = task.DispatchId, ApplicationId = task.ApplicationId, AdmissionNumber = task.AdmissionNumber, District = task.District,
                    Community = task.Community, Reason = RefusalReason.Other, Comment = report!, RefusedBy = actor.Name, RefusedAt = now,
                }, now);
                break;
        }

        audit.Record(db, actor, $"task.{action.ToString().ToLowerInvariant()}", "received-task", task.DispatchId.ToString(),
            new { status = from.ToString() }, new { status = task.Status.ToString(), report }, task.District);
        await audit.SaveChangesAsync(db, cancellationToken);
        return task;
    }
}
