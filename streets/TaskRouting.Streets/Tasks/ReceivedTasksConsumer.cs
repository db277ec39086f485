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
using TaskRouting.Platform.Persistence;
using TaskRouting.Streets.Data;
using TaskRouting.Streets.PlanList;

namespace TaskRouting.Streets.Tasks;

/// <summary>
/// Receives dispatched work in batches (one transaction per batch): each task goes into its community's inbox once
/// per message id. A task whose admission number is not in force on the central plan list is refused at once
/// (<see cref="RefusalReason.NotOnPlanList"/>) and reported as a violation, automatically: communities refuse work
/// that was not admitted. With <see cref="StreetsOptions.AcknowledgeOnReceipt"/> the receipt is acknowledged too, in
/// one <see cref="TasksAcknowledged"/> per district and batch. Every answer leaves through the gateway's outbox with
/// the change that causes it; the batch's rows are written set-based.
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
        // The plan-list check may ask the central side over HTTP: done before the batch's transaction opens.
        var statuses = new Dictionary<string, Dictionary<string, PlanListStatus>>(StringComparer.Ordinal);
        foreach (var district in context.Message.Select(m => m.Message).GroupBy(t => t.District))
        {
            statuses[district.Key] = await planList.StatusesAsync(district.Key, district.Select(t => t.AdmissionNumber).Distinct(StringComparer.Ordinal).ToList(), ct);
        }

        // One transaction for the batch; its hundreds of rows (inbox, tasks, acknowledgements) are written set-based.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var fresh = await Inbox.ClaimAsync(db, nameof(ReceivedTasksConsumer), context.Message.Select(m => m.MessageId!.Value).Distinct().ToList(), now, ct);
        var tasks = context.Message.Where(m => fresh.Remove(m.MessageId!.Value)).Select(m => m.Message).ToList();
        if (tasks.Count > 0)
        {
            var ids = tasks.Select(t => t.DispatchId).ToList();
            var stored = (await db.Set<ReceivedTask>().Where(t => ids.Contains(t.DispatchId)).Select(t => t.DispatchId).ToListAsync(ct)).ToHashSet();
            tasks = tasks.Where(t => stored.Add(t.DispatchId)).ToList();
        }

        var received = new List<ReceivedTask>();
        foreach (var district in tasks.GroupBy(t => t.District))
        {
            foreach (var task in district)
            {
                var status = statuses[district.Key].TryGetValue(task.AdmissionNumber, out var s) ? s : (PlanListStatus?)null;
                if (status == PlanListStatus.InForce)
                {
                    received.Add(Receive(task, now));
                }
                else
                {
                    Refuse(task, status, now);
                }
            }

            // Acknowledged on receipt: one message and one audit entry for the district's part of the batch.
            var acknowledged = received.Where(r => r.District == district.Key && r.Status == ReceivedTaskStatus.Acknowledged).Select(r => r.DispatchId).ToList();
            if (acknowledged.Count > 0)
            {
                Outbox.Add(db, new TasksAcknowledged { District = district.Key, DispatchIds = acknowledged, AcknowledgedBy = GatewayActor, AcknowledgedAt = now }, now);
                audit.Record(db, Actor.FromSubsystem(GatewayActor, district.Key, null, null), "task.acknowledged-on-receipt", "received-tasks",
                    acknowledged[0].ToString(), null, new { count = acknowledged.Count, dispatchIds = acknowledged }, district.Key);
            }
        }

        await BulkInsert.InsertAsync(db, received, ct);
        await audit.SaveChangesAsync(db, ct);
        await transaction.CommitAsync(ct);
    }

    private ReceivedTask Receive(DispatchTask task, DateTimeOffset now) => options.Value.AcknowledgeOnReceipt
        ? New(task, now, ReceivedTaskStatus.Acknowledged, now)
        : New(task, now, ReceivedTaskStatus.Received, null);

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
