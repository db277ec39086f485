using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskRouting.Contracts.Accountability;
using TaskRouting.Contracts.Dispatch;
using TaskRouting.Contracts.PlanList;
using TaskRouting.Messaging.Inbox;
using TaskRouting.Messaging.Outbox;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Streets.Data;
using TaskRouting.Streets.PlanList;

namespace TaskRouting.Streets.Tasks;

/// <summary>
/// Receives dispatched work in batches (one transaction per batch): each task goes into its community's inbox once
/// per message id. A task whose admission number is not in force on the central plan list is refused at once
/// (<see cref="RefusalReason.NotOnPlanList"/>) and reported as a violation, automatically: communities refuse work
/// that was not admitted. With <see cref="StreetsOptions.AcknowledgeOnReceipt"/> the receipt is acknowledged too.
/// Every answer leaves through the gateway's outbox with the change that causes it.
/// </summary>
public sealed class ReceivedTasksConsumer(StreetsDbContext db, PlanListCheck planList, AuditTrail audit, TimeProvider time, IOptions<StreetsOptions> options)
    : IConsumer<Batch<DispatchTask>>
{
    /// <summary>Who the gateway's own actions are recorded as.</summary>
    public const string GatewayActor = "street-gateway";

    public async Task Consume(ConsumeContext<Batch<DispatchTask>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var now = time.GetUtcNow();
        var fresh = await Inbox.ClaimAsync(db, nameof(ReceivedTasksConsumer), context.Message.Select(m => m.MessageId!.Value).Distinct().ToList(), now, ct);
        var tasks = context.Message.Where(m => fresh.Remove(m.MessageId!.Value)).Select(m => m.Message).ToList();
        if (tasks.Count > 0)
        {
            var ids = tasks.Select(t => t.DispatchId).ToList();
            var stored = (await db.Set<ReceivedTask>().Where(t => ids.Contains(t.DispatchId)).Select(t => t.DispatchId).ToListAsync(ct)).ToHashSet();
            tasks = tasks.Where(t => stored.Add(t.DispatchId)).ToList();
        }

        foreach (var district in tasks.GroupBy(t => t.District))
        {
            var statuses = await planList.StatusesAsync(district.Key, district.Select(t => t.AdmissionNumber).Distinct(StringComparer.Ordinal).ToList(), ct);
            var acknowledged = new List<Guid>();
            foreach (var task in district)
            {
                var status = statuses.TryGetValue(task.AdmissionNumber, out var s) ? s : (PlanListStatus?)null;
                if (status == PlanListStatus.InForce)
                {
                    Receive(task, now, acknowledged);
                }
                else
                {
                    Refuse(task, status, now);
                }
            }

            if (acknowledged.Count > 0)
            {
                audit.Record(db, Actor.FromSubsystem(GatewayActor, district.Key, null, null), "task.acknowledged-on-receipt", "received-tasks",
                    acknowledged[0].ToString(), null, new { count = acknowledged.Count, dispatchIds = acknowledged }, district.Key);
            }
        }

        await audit.SaveChangesAsync(db, ct);
    }

    private void Receive(DispatchTask task, DateTimeOffset now, List<Guid> acknowledged)
    {
        var autoAck = options.Value.AcknowledgeOnReceipt;
        db.Add(New(task, now, autoAck ? ReceivedTaskStatus.Acknowledged : ReceivedTaskStatus.Received, autoAck ? now : null));
        if (autoAck)
        {
            acknowledged.Add(task.DispatchId);
            Outbox.Add(db, new TaskAcknowledged
            {
                DispatchId = task.DispatchId, ApplicationId = task.ApplicationId, District = task.District, Community = task.Community,
                AcknowledgedBy = GatewayActor, AcknowledgedAt = now,
            }, now);
        }
    }

    private void Refuse(DispatchTask task, PlanListStatus? status, DateTimeOffset now)
    {
        var (zh, en) = status is null
            ? ("准入编号不在准入清单上", "the admission number is not on the plan list")
            : ($"准入编号在准入清单上的状态为 {status},不再有效", $"the admission number's plan-list entry is {status}, no longer in force");
        var comment = $"{zh} / {en}: {task.AdmissionNumber}";
        var record = New(task, now, ReceivedTaskStatus.Refused, null);
        record.RefusedAt = now;
        record.RefusalReason = RefusalReason.NotOnPlanList;
        record.Report = comment;
        record.UpdatedBy = GatewayActor;
        db.Add(record);
        var report = new ViolationReport
        {
            ReportId = Guid.CreateVersion7(now), District = task.District, Street = task.Street, Community = task.Community, ReportedUnit = task.Department,
            AdmissionNumber = task.AdmissionNumber, What = $"未经准入下派“{task.Title}”:{comment}", OccurredOn = DateOnly.FromDateTime(task.DispatchedAt.UtcDateTime),
            Automatic = true, DispatchId = task.DispatchId, ReportedBy = GatewayActor, ReportedAt = now,
        };
        db.Add(report);
        Outbox.Add(db, new TaskRefused
        {
            DispatchId = task.DispatchId, ApplicationId = task.ApplicationId, AdmissionNumber = task.AdmissionNumber, District = task.District, Community = task.Community,
            Reason = RefusalReason.NotOnPlanList, Comment = comment, RefusedBy = GatewayActor, RefusedAt = now,
        }, now);
        Outbox.Add(db, Violations.ViolationReports.ToMessage(report), now);
        var actor = Actor.FromSubsystem(GatewayActor, task.District, task.Street, task.Community);
        audit.Record(db, actor, "task.refused", "received-task", task.DispatchId.ToString(), null,
            new { task.AdmissionNumber, reason = RefusalReason.NotOnPlanList.ToString(), comment }, task.District);
        audit.Record(db, actor, "violation.reported", "violation-report", report.ReportId.ToString(), null,
            new { report.ReportedUnit, report.AdmissionNumber, automatic = true }, task.District);
    }

    private static ReceivedTask New(DispatchTask task, DateTimeOffset now, ReceivedTaskStatus status, DateTimeOffset? acknowledgedAt) => new()
    {
        DispatchId = task.DispatchId, ApplicationId = task.ApplicationId, AdmissionNumber = task.AdmissionNumber, District = task.District, Street = task.Street,
        Community = task.Community, Department = task.Department, Title = task.Title, Description = task.Description,
        WorkloadHoursPerMonth = task.WorkloadHoursPerMonth, Funding = task.Funding, AcknowledgeBy = task.AcknowledgeBy, DispatchedAt = task.DispatchedAt,
        ReceivedAt = now, Status = status, AcknowledgedAt = acknowledgedAt, UpdatedBy = acknowledgedAt is null ? null : GatewayActor,
    };
}
