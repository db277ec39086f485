using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Activities.Voting;

/// <summary>Recording a vote cast in a street subsystem (the street gateway sends it as VoteCast).</summary>
internal static class Votes
{
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
