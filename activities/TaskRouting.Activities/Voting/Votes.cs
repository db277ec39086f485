using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Activities.Voting;

/// <summary>Casts and changes votes for the caller's street or community, and lists its vote requests.</summary>
public sealed class Votes(DbContext db, AuditTrail audit, WorkflowInstances instances, TimeProvider time)
{
    /// <summary>The vote requests of the caller's unit, open ones first.</summary>
    public Task<List<VoteRequest>> InboxAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var unit = actor.Community ?? actor.Street;
        return db.Set<VoteRequest>().AsNoTracking()
            .Where(v => v.District == actor.District && v.VoterCode == unit)
            .OrderBy(v => v.ClosedAt != null).ThenBy(v => v.Deadline).Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>Records (or changes) the unit's vote until the tally, then lets the vote activity re-evaluate.</summary>
    public async Task<VoteRequest> CastAsync(Actor actor, Guid applicationId, VoteChoice? choice, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var unit = actor.Community ?? actor.Street;
        if (!(actor.IsIn(Role.Community) || actor.IsIn(Role.Street)) || unit is null)
        {
            throw new UnauthorizedAccessException("只有街道和社区可以表决 / Only streets and communities vote");
        }

        var errors = new List<FieldError>();
        if (choice is null || !Enum.IsDefined(choice.Value))
        {
            errors.Add(new("choice", "表决意见须为 Approve、Reject 或 Abstain / choice must be Approve, Reject or Abstain"));
        }

        if (comment is { Length: > 2000 })
        {
            errors.Add(new("comment", "意见不能超过 2000 个字符 / comment must be at most 2000 characters"));
        }

        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var request = await db.Set<VoteRequest>().FirstOrDefaultAsync(v => v.ApplicationId == applicationId && v.VoterCode == unit && v.District == actor.District, cancellationToken)
            ?? throw DomainRejection.Missing($"没有请 {unit} 对申请 {applicationId} 表决 / {unit} was not asked to vote on {applicationId}");
        var now = time.GetUtcNow();
        if (request.ClosedAt is not null || now > request.Deadline)
        {
            throw DomainRejection.StateConflict($"表决已于 {(request.ClosedAt ?? request.Deadline):yyyy-MM-dd HH:mm} 截止 / The vote closed at {(request.ClosedAt ?? request.Deadline):yyyy-MM-dd HH:mm}");
        }

        var application = await db.Set<Application>().FirstAsync(a => a.Id == applicationId, cancellationToken);
        Record(db, audit, application, request, choice!.Value, comment, actor, now);
        await audit.SaveChangesAsync(db, cancellationToken);

        if (application.WorkflowInstanceId is not null)
        {
            await Nudge.ResumeAsync(db, instances, application.WorkflowInstanceId, CollectVotes.Stimulus, actor.Name, cancellationToken);
        }

        return request;
    }

    /// <summary>Sets the vote on its row, notes it in the application's history and audits it; the caller saves.</summary>
    internal static void Record(DbContext db, AuditTrail audit, Application application, VoteRequest request, VoteChoice choice, string? comment, Actor actor, DateTimeOffset at)
    {
        var before = new { choice = request.Choice?.ToString(), request.Comment };
        var changed = request.Choice is not null;
        request.Choice = choice;
        request.Comment = comment;
        request.VotedAt = at;
        request.VotedBy = actor.Name;
        ApplicationLog.Note(db, application, changed ? "vote-changed" : "vote-cast",
            new($"{request.VoterCode} {(changed ? "修改表决为" : "表决")}:{Zh(choice)}", $"{request.VoterCode} {(changed ? "changed its vote to" : "voted")}: {choice}"),
            actor.Name, at);
        audit.Record(db, actor, changed ? "vote.changed" : "vote.cast", "vote", $"{application.Id}:{request.VoterCode}", before,
            new { choice = choice.ToString(), comment }, application.District);
    }

    private static string Zh(VoteChoice choice) => choice switch
    {
        VoteChoice.Approve => "赞成",
        VoteChoice.Reject => "反对",
        _ => "弃权",
    };
}
