using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Contracts.Dispatch;
using TaskRouting.Messaging;
using TaskRouting.Messaging.Inbox;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Activities.Dispatch;

/// <summary>
/// Records the communities' answers to dispatched work, once per message id, in whatever order they arrive: a
/// completion implies the acknowledgement, and nothing moves a dispatch backwards. A completion or refusal lets the
/// dispatch activity re-evaluate; an acknowledgement alone cannot settle it, so it does not wake the workflow.
/// </summary>
public sealed class DispatchAnswersConsumer(DbContext db, AuditTrail audit, WorkflowInstances instances, TimeProvider time)
    : IConsumer<TaskAcknowledged>, IConsumer<TaskCompleted>, IConsumer<TaskRefused>
{
    public Task Consume(ConsumeContext<TaskAcknowledged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        return ApplyAsync(context, m.DispatchId, m.AcknowledgedBy, m.AcknowledgedAt, DispatchStatus.Acknowledged, null);
    }

    public Task Consume(ConsumeContext<TaskCompleted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        return ApplyAsync(context, m.DispatchId, m.CompletedBy, m.CompletedAt, DispatchStatus.Completed, m.Report);
    }

    public Task Consume(ConsumeContext<TaskRefused> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        return ApplyAsync(context, m.DispatchId, m.RefusedBy, m.RefusedAt, DispatchStatus.Refused, m.Comment);
    }

    private async Task ApplyAsync(ConsumeContext context, Guid dispatchId, string by, DateTimeOffset at, DispatchStatus to, string? report)
    {
        var ct = context.CancellationToken;
        var now = time.GetUtcNow();
        if ((await Inbox.ClaimAsync(db, nameof(DispatchAnswersConsumer), [context.MessageId!.Value], now, ct)).Count == 0)
        {
            return;
        }

        // Unknown dispatch ids (work that never came from here) are the gateway's violation reports, not ours.
        var record = await db.Set<DispatchRecord>().FirstOrDefaultAsync(d => d.DispatchId == dispatchId, ct);
        var applies = record is not null && Rank(to) > Rank(record.Status) && record.Status != DispatchStatus.Refused;
        var application = applies
            ? await Dispatches.ApplyAsync(db, audit, record!, to, report, Actor.FromSubsystem(by, record!.District, record.StreetCode, record.CommunityCode), at, ct)
            : null;

        await audit.SaveChangesAsync(db, ct);
        if (applies && to != DispatchStatus.Acknowledged && application!.WorkflowInstanceId is not null)
        {
            await Nudge.ResumeAsync(db, instances, application.WorkflowInstanceId, DispatchToCommunities.Stimulus, by, ct);
        }
    }

    private static int Rank(DispatchStatus status) => status switch
    {
        DispatchStatus.Dispatched => 0,
        DispatchStatus.Acknowledged => 1,
        _ => 2,
    };
}

/// <summary>The central dispatch-answers queue: a large prefetch and some concurrency, for fan-in at city scale.</summary>
public sealed class DispatchAnswersConsumerDefinition : ConsumerDefinition<DispatchAnswersConsumer>
{
    public DispatchAnswersConsumerDefinition(IOptions<MessagingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EndpointName = "central-dispatch-answers";
        ConcurrentMessageLimit = 8;
        Endpoint(e => e.PrefetchCount = options.Value.PrefetchCount);
    }
}
