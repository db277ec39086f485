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
/// Records votes cast in the street subsystems, once per message id, in batches: one transaction per batch, then one
/// nudge per application so its vote activity re-evaluates once, not once per vote (votes on one application would
/// otherwise contend for its row). The latest cast wins (on equal times, the later arrival); a vote for an earlier round, or one arriving after the tally,
/// changes nothing.
/// </summary>
public sealed class VoteCastConsumer(DbContext db, AuditTrail audit, WorkflowInstances instances, TimeProvider time) : IConsumer<Batch<VoteCast>>
{
    public async Task Consume(ConsumeContext<Batch<VoteCast>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var now = time.GetUtcNow();
        var fresh = await Inbox.ClaimAsync(db, nameof(VoteCastConsumer), context.Message.Select(m => m.MessageId!.Value).Distinct().ToList(), now, ct);
        var casts = context.Message.Where(m => fresh.Remove(m.MessageId!.Value)).Select(m => m.Message).OrderBy(m => m.CastAt).ToList();
        var applicationIds = casts.Select(m => m.ApplicationId).Distinct().ToList();
        var requests = await db.Set<VoteRequest>().Where(v => applicationIds.Contains(v.ApplicationId)).ToListAsync(ct);
        var applications = await db.Set<Application>().Where(a => applicationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var changed = new HashSet<Application>();
        foreach (var message in casts)
        {
            var request = requests.FirstOrDefault(v => v.ApplicationId == message.ApplicationId && v.VoterCode == message.VoterCode && v.District == message.District);
            var applies = request is not null && request.RequestId == message.VoteRequestId && request.ClosedAt is null
                && (request.VotedAt is null || request.VotedAt <= message.CastAt);
            if (applies)
            {
                var application = applications[request!.ApplicationId];
                Votes.Record(db, audit, application, request, Enum.Parse<VoteChoice>(message.Choice.ToString()), message.Comment,
                    Actor.FromSubsystem(message.CastBy, message.District, request.StreetCode, request.VoterKind == "community" ? request.VoterCode : null), message.CastAt);
                changed.Add(application);
            }
        }

        // The inbox rows commit even when a vote no longer applies: a redelivery is still a duplicate.
        await audit.SaveChangesAsync(db, ct);
        foreach (var application in changed.Where(a => a.WorkflowInstanceId is not null))
        {
            await Nudge.ResumeAsync(db, instances, application.WorkflowInstanceId!, CollectVotes.Stimulus, "street-gateway", ct);
        }
    }
}

/// <summary>The central vote queue: votes arrive in bursts and are recorded in batches, one batch at a time.</summary>
public sealed class VoteCastConsumerDefinition : ConsumerDefinition<VoteCastConsumer>
{
    public VoteCastConsumerDefinition(IOptions<MessagingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EndpointName = "central-votes";
        ConcurrentMessageLimit = CentralBatches.MessageLimit;
        Endpoint(e => e.PrefetchCount = Math.Max(options.Value.PrefetchCount, CentralBatches.MessageLimit));
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<VoteCastConsumer> consumerConfigurator,
        IRegistrationContext context) => CentralBatches.Configure(consumerConfigurator);
}
