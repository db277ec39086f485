using MassTransit;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Contracts.Voting;
using TaskRouting.Messaging.Inbox;
using TaskRouting.Streets.Data;

namespace TaskRouting.Streets.Voting;

/// <summary>
/// Puts vote requests into the voter's inbox and closes them when the central side tallies, once per message id. A
/// new round's request for the same application and voter closes the earlier one.
/// </summary>
public sealed class BallotConsumer(StreetsDbContext db, TimeProvider time) : IConsumer<RequestVote>, IConsumer<CloseVoting>
{
    public async Task Consume(ConsumeContext<RequestVote> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        var ct = context.CancellationToken;
        var now = time.GetUtcNow();
        if ((await Inbox.ClaimAsync(db, nameof(BallotConsumer), [context.MessageId!.Value], now, ct)).Count == 0)
        {
            return;
        }

        var ballots = await db.Set<Ballot>()
            .Where(b => b.District == m.District && b.VoterCode == m.VoterCode && b.ApplicationId == m.ApplicationId)
            .ToListAsync(ct);
        if (ballots.All(b => b.VoteRequestId != m.VoteRequestId))
        {
            foreach (var earlier in ballots.Where(b => b.ClosedAt is null))
            {
                earlier.ClosedAt = m.RequestedAt;
                earlier.Result = "superseded by a new round";
            }

            db.Add(new Ballot
            {
                VoteRequestId = m.VoteRequestId, ApplicationId = m.ApplicationId, District = m.District, Street = m.Street, VoterCode = m.VoterCode,
                Department = m.Department, Title = m.Title, Description = m.Description, WorkloadHoursPerMonth = m.WorkloadHoursPerMonth,
                FundingPerCommunity = m.FundingPerCommunity, BurdenFlagged = m.BurdenFlagged, Deadline = m.Deadline, RequestedAt = m.RequestedAt, ReceivedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task Consume(ConsumeContext<CloseVoting> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        var ct = context.CancellationToken;
        if ((await Inbox.ClaimAsync(db, nameof(BallotConsumer), [context.MessageId!.Value], time.GetUtcNow(), ct)).Count == 0)
        {
            return;
        }

        foreach (var ballot in await db.Set<Ballot>()
            .Where(b => b.District == m.District && b.Street == m.Street && b.ApplicationId == m.ApplicationId && b.ClosedAt == null).ToListAsync(ct))
        {
            ballot.ClosedAt = m.ClosedAt;
            ballot.Result = m.Result;
        }

        await db.SaveChangesAsync(ct);
    }
}
