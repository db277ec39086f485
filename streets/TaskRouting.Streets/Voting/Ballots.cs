using Microsoft.EntityFrameworkCore;
using TaskRouting.Contracts.Voting;
using TaskRouting.Messaging.Outbox;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;
using TaskRouting.Streets.Data;

namespace TaskRouting.Streets.Voting;

/// <summary>The vote inbox of a street or community, and casting (or changing) its vote until the tally.</summary>
public sealed class Ballots(StreetsDbContext db, AuditTrail audit, TimeProvider time)
{
    /// <summary>The caller's vote requests, open ones first (only open ones when <paramref name="open"/> is true).</summary>
    public Task<List<Ballot>> InboxAsync(Actor actor, bool? open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var unit = StreetSide.Unit(actor);
        var query = db.Set<Ballot>().AsNoTracking().Where(b => b.District == actor.District && b.VoterCode == unit);
        if (open == true)
        {
            query = query.Where(b => b.ClosedAt == null);
        }

        return query.OrderBy(b => b.ClosedAt != null).ThenBy(b => b.Deadline).Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>Records the vote and sends it to the central side (<see cref="VoteCast"/>) in one transaction.</summary>
    public async Task<Ballot> CastAsync(Actor actor, Guid voteRequestId, VoteChoice? choice, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var unit = StreetSide.Unit(actor);
        var errors = new List<FieldError>();
        if (choice is null || !Enum.IsDefined(choice.Value))
        {
            errors.Add(new("choice", "表决意见须为 Approve、Reject 或 Abstain / choice must be Approve, Reject or Abstain"));
        }

        StreetSide.Length(errors, "comment", comment, 2000);
        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var ballot = await db.Set<Ballot>().FirstOrDefaultAsync(b => b.VoteRequestId == voteRequestId && b.District == actor.District && b.VoterCode == unit, cancellationToken)
            ?? throw DomainRejection.Missing($"{unit} 没有表决请求 {voteRequestId} / {unit} has no vote request {voteRequestId}");
        var now = time.GetUtcNow();
        if (ballot.ClosedAt is not null || now > ballot.Deadline)
        {
            var closed = ballot.ClosedAt ?? ballot.Deadline;
            throw DomainRejection.StateConflict($"表决已于 {closed:yyyy-MM-dd HH:mm} 截止 / The vote closed at {closed:yyyy-MM-dd HH:mm}");
        }

        var before = new { choice = ballot.Choice?.ToString(), ballot.Comment };
        ballot.Choice = choice;
        ballot.Comment = comment;
        ballot.CastBy = actor.Name;
        ballot.CastAt = now;
        Outbox.Add(db, new VoteCast
        {
            VoteRequestId = ballot.VoteRequestId, ApplicationId = ballot.ApplicationId, District = ballot.District, VoterCode = ballot.VoterCode,
            Choice = choice!.Value, Comment = comment, CastBy = actor.Name, CastAt = now,
        }, now);
        audit.Record(db, actor, before.choice is null ? "vote.cast" : "vote.changed", "ballot", ballot.VoteRequestId.ToString(), before,
            new { choice = choice.Value.ToString(), comment }, ballot.District);
        await audit.SaveChangesAsync(db, cancellationToken);
        return ballot;
    }
}
