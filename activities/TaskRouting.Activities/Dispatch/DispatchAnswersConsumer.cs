using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskRouting.Activities.Escalation;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Contracts.Dispatch;
using TaskRouting.Messaging;
using TaskRouting.Messaging.Inbox;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Activities.Dispatch;

/// <summary>
/// Records the communities' answers to dispatched work (sent by the street gateway), once per message id, in
/// whatever order they arrive: a completion implies the acknowledgement, and nothing moves a dispatch backwards.
/// Answers are consumed in batches, one transaction per batch: each answer is audited; acknowledgements are noted in
/// the application's history once per batch (a city has thousands), completions and refusals one by one. A batch
/// with completions or refusals lets the dispatch activity re-evaluate once; acknowledgements alone cannot settle it.
/// </summary>
public sealed class DispatchAnswersConsumer(DbContext db, AuditTrail audit, WorkflowInstances instances, TimeProvider time)
    : IConsumer<Batch<TaskAcknowledged>>, IConsumer<Batch<TaskCompleted>>, IConsumer<Batch<TaskRefused>>, IConsumer<Batch<TasksAcknowledged>>
{
    private sealed record Answer(Guid MessageId, Guid DispatchId, string By, DateTimeOffset At, DispatchStatus To, string? Report);

    public Task Consume(ConsumeContext<Batch<TaskAcknowledged>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ApplyAsync(context, context.Message.Select(c => new Answer(c.MessageId!.Value, c.Message.DispatchId, c.Message.AcknowledgedBy, c.Message.AcknowledgedAt,
            DispatchStatus.Acknowledged, null)));
    }

    public Task Consume(ConsumeContext<Batch<TaskCompleted>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ApplyAsync(context, context.Message.Select(c => new Answer(c.MessageId!.Value, c.Message.DispatchId, c.Message.CompletedBy, c.Message.CompletedAt,
            DispatchStatus.Completed, c.Message.Report)));
    }

    public Task Consume(ConsumeContext<Batch<TaskRefused>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ApplyAsync(context, context.Message.Select(c => new Answer(c.MessageId!.Value, c.Message.DispatchId, c.Message.RefusedBy, c.Message.RefusedAt,
            DispatchStatus.Refused, c.Message.Comment)));
    }

    /// <summary>
    /// A gateway's acknowledgements on receipt, hundreds per message: recorded set-based (one <c>UPDATE</c> per
    /// message for the dispatches still waiting for theirs) with one audit entry and one history note per application.
    /// </summary>
    public async Task Consume(ConsumeContext<Batch<TasksAcknowledged>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var fresh = await Inbox.ClaimAsync(db, nameof(DispatchAnswersConsumer), context.Message.Select(m => m.MessageId!.Value).Distinct().ToList(), now, ct);
        var acknowledged = new Dictionary<Guid, int>();
        foreach (var message in context.Message.Where(m => fresh.Remove(m.MessageId!.Value)).Select(m => m.Message))
        {
            var ids = message.DispatchIds.Distinct().ToList();
            // Only dispatches still waiting for their acknowledgement move: nothing moves backwards, and ids of
            // another district or of work that never came from here are left alone.
            var moving = await db.Set<DispatchRecord>().AsNoTracking()
                .Where(d => ids.Contains(d.DispatchId) && d.District == message.District && d.Status == DispatchStatus.Dispatched)
                .Select(d => new { d.DispatchId, d.ApplicationId, d.CommunityCode })
                .ToListAsync(ct);
            if (moving.Count == 0)
            {
                continue;
            }

            var movingIds = moving.Select(m => m.DispatchId).ToList();
            await db.Set<DispatchRecord>().Where(d => movingIds.Contains(d.DispatchId) && d.Status == DispatchStatus.Dispatched)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(d => d.Status, DispatchStatus.Acknowledged)
                    .SetProperty(d => d.AcknowledgedAt, message.AcknowledgedAt)
                    .SetProperty(d => d.UpdatedBy, message.AcknowledgedBy), ct);
            foreach (var application in moving.GroupBy(m => m.ApplicationId))
            {
                var communities = application.Select(m => m.CommunityCode).Order(StringComparer.Ordinal).ToList();
                audit.Record(db, Actor.FromSubsystem(message.AcknowledgedBy, message.District, null, null), "dispatch.acknowledge", "dispatches",
                    application.Key.ToString(), new { status = nameof(DispatchStatus.Dispatched) },
                    new { status = nameof(DispatchStatus.Acknowledged), count = communities.Count, communities }, message.District);
                acknowledged[application.Key] = acknowledged.GetValueOrDefault(application.Key) + communities.Count;
            }
        }

        var applicationIds = acknowledged.Keys.ToList();
        foreach (var application in await db.Set<Application>().Where(a => applicationIds.Contains(a.Id)).ToListAsync(ct))
        {
            NoteAcknowledged(application, acknowledged[application.Id], now);
        }

        await audit.SaveChangesAsync(db, ct);
        await transaction.CommitAsync(ct);
    }

    private async Task ApplyAsync(ConsumeContext context, IEnumerable<Answer> batch)
    {
        var ct = context.CancellationToken;
        var now = time.GetUtcNow();
        var all = batch.ToList();
        var fresh = await Inbox.ClaimAsync(db, nameof(DispatchAnswersConsumer), all.Select(a => a.MessageId).Distinct().ToList(), now, ct);
        var answers = all.Where(a => fresh.Remove(a.MessageId)).OrderBy(a => a.At).ToList();
        var dispatchIds = answers.Select(a => a.DispatchId).Distinct().ToList();
        // Unknown dispatch ids (work that never came from here) are the gateway's violation reports, not ours.
        var records = await db.Set<DispatchRecord>().Where(d => dispatchIds.Contains(d.DispatchId)).ToDictionaryAsync(d => d.DispatchId, ct);
        var applicationIds = records.Values.Select(r => r.ApplicationId).Distinct().ToList();
        var applications = await db.Set<Application>().Where(a => applicationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var acknowledged = new Dictionary<Guid, int>();
        var settled = new HashSet<Application>();
        foreach (var answer in answers)
        {
            if (!records.TryGetValue(answer.DispatchId, out var record) || Rank(answer.To) <= Rank(record.Status) || record.Status == DispatchStatus.Refused)
            {
                continue;
            }

            var application = applications[record.ApplicationId];
            await ApplyAsync(record, application, answer, ct);
            if (answer.To == DispatchStatus.Acknowledged)
            {
                acknowledged[application.Id] = acknowledged.GetValueOrDefault(application.Id) + 1;
            }
            else
            {
                settled.Add(application);
            }
        }

        foreach (var (applicationId, count) in acknowledged)
        {
            NoteAcknowledged(applications[applicationId], count, now);
        }

        // The inbox rows commit even when an answer changes nothing: a redelivery is still a duplicate.
        await audit.SaveChangesAsync(db, ct);
        foreach (var application in settled.Where(a => a.WorkflowInstanceId is not null))
        {
            await Nudge.ResumeAsync(db, instances, application.WorkflowInstanceId!, DispatchToCommunities.Stimulus, "street-gateway", ct);
        }
    }

    /// <summary>One history note for a batch's acknowledgements (a city has thousands).</summary>
    private void NoteAcknowledged(Application application, int count, DateTimeOffset now) =>
        ApplicationLog.Note(db, application, "dispatch-acknowledge", new($"{count} 个社区签收", $"{count} communities acknowledged"), "street-gateway", now);

    /// <summary>Moves one dispatch, alerts the office of a refusal, notes completions and refusals, and audits the change.</summary>
    private async Task ApplyAsync(DispatchRecord record, Application application, Answer answer, CancellationToken cancellationToken)
    {
        var from = record.Status;
        // An acknowledgement and a completion of one dispatch may be applied by two batches at once: the revision
        // makes the later save fail, and its retry re-reads the record and skips what no longer moves it forward.
        record.Revision++;
        record.Status = answer.To;
        switch (answer.To)
        {
            case DispatchStatus.Acknowledged:
                record.AcknowledgedAt = answer.At;
                break;
            case DispatchStatus.Completed:
                record.AcknowledgedAt ??= answer.At;
                record.CompletedAt = answer.At;
                break;
            default:
                record.RefusedAt = answer.At;
                await Alerts.RaiseAsync(db, $"dispatch-refused:{record.ApplicationId}:{record.CommunityCode}", record.District, AlertKind.Escalation, "office",
                    record.District, record.ApplicationId,
                    new($"社区 {record.CommunityCode} 拒绝承接“{record.Title}”:{answer.Report}", $"Community {record.CommunityCode} refused “{record.Title}”: {answer.Report}"),
                    answer.At, null, cancellationToken);
                break;
        }

        record.Report = answer.Report ?? record.Report;
        record.UpdatedBy = answer.By;
        var (zh, en, verb) = answer.To switch
        {
            DispatchStatus.Acknowledged => ("签收", "acknowledged", "acknowledge"),
            DispatchStatus.Completed => ("办结", "completed", "complete"),
            _ => ("拒绝", "refused", "refuse"),
        };
        if (answer.To != DispatchStatus.Acknowledged)
        {
            ApplicationLog.Note(db, application, $"dispatch-{verb}",
                new($"社区 {record.CommunityCode} {zh}" + (answer.Report is null ? "" : $":{answer.Report}"),
                    $"Community {record.CommunityCode} {en}" + (answer.Report is null ? "" : $": {answer.Report}")),
                answer.By, answer.At);
        }

        audit.Record(db, Actor.FromSubsystem(answer.By, record.District, record.StreetCode, record.CommunityCode), $"dispatch.{verb}", "dispatch",
            $"{record.ApplicationId}:{record.CommunityCode}", new { status = from.ToString() }, new { status = answer.To.ToString(), answer.Report }, record.District);
    }

    private static int Rank(DispatchStatus status) => status switch
    {
        DispatchStatus.Dispatched => 0,
        DispatchStatus.Acknowledged => 1,
        _ => 2,
    };
}

/// <summary>The central dispatch-answers queue: fan-in at city scale, recorded in batches.</summary>
public sealed class DispatchAnswersConsumerDefinition : ConsumerDefinition<DispatchAnswersConsumer>
{
    public DispatchAnswersConsumerDefinition(IOptions<MessagingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EndpointName = "central-dispatch-answers";
        ConcurrentMessageLimit = CentralBatches.MessageLimit * 3;
        Endpoint(e => e.PrefetchCount = Math.Max(options.Value.PrefetchCount, CentralBatches.MessageLimit * 2));
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DispatchAnswersConsumer> consumerConfigurator,
        IRegistrationContext context) => CentralBatches.Configure(consumerConfigurator);
}
