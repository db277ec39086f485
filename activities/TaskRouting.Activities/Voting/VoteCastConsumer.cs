using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Messaging;
using TaskRouting.Messaging.Inbox;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Workflows.Runtime.Persistence;
using VoteCast = TaskRouting.Contracts.Voting.VoteCast;

namespace TaskRouting.Activities.Voting;

/// <summary>
/// Records a vote cast in a street subsystem, once per message id, and lets the vote activity re-evaluate. The
/// latest cast wins; a vote for an earlier round, or one arriving after the tally, changes nothing.
/// </summary>
public sealed class VoteCastConsumer(DbContext db, AuditTrail audit, WorkflowInstances instances, TimeProvider time) : IConsumer<VoteCast>
{
    public async Task Consume(ConsumeContext<VoteCast> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var ct = context.CancellationToken;
        var now = time.GetUtcNow();
        if ((await Inbox.ClaimAsync(db, nameof(VoteCastConsumer), [context.MessageId!.Value], now, ct)).Count == 0)
        {
            return;
        }

        var request = await db.Set<VoteRequest>().FirstOrDefaultAsync(v => v.ApplicationId == message.ApplicationId && v.VoterCode == message.VoterCode
            && v.District == message.District, ct);
        var application = request is null ? null : await db.Set<Application>().FirstAsync(a => a.Id == request.ApplicationId, ct);
        var applies = request is not null && request.RequestId == message.VoteRequestId && request.ClosedAt is null
            && (request.VotedAt is null || request.VotedAt < message.CastAt);
        if (applies)
        {
            Votes.Record(db, audit, application!, request!, Enum.Parse<VoteChoice>(message.Choice.ToString()), message.Comment,
                Actor.FromSubsystem(message.CastBy, message.District, request!.StreetCode, request.VoterKind == "community" ? request.VoterCode : null), message.CastAt);
        }

        // The inbox row commits even when the vote no longer applies: a redelivery is still a duplicate.
        await audit.SaveChangesAsync(db, ct);
        if (applies && application!.WorkflowInstanceId is not null)
        {
            await Nudge.ResumeAsync(db, instances, application.WorkflowInstanceId, CollectVotes.Stimulus, message.CastBy, ct);
        }
    }
}

/// <summary>The central vote queue: prefetch and concurrency for many small messages.</summary>
public sealed class VoteCastConsumerDefinition : ConsumerDefinition<VoteCastConsumer>
{
    public VoteCastConsumerDefinition(IOptions<MessagingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EndpointName = "central-votes";
        ConcurrentMessageLimit = 4;
        Endpoint(e => e.PrefetchCount = options.Value.PrefetchCount);
    }
}
