using Microsoft.EntityFrameworkCore;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Activities.Lifecycle;

/// <summary>
/// Resumes the activity waiting on a fan-in (votes, dispatch progress) after a row was written, so it re-evaluates.
/// Many writers may nudge at once: each nudge that finds its bookmark consumed by another looks for the new one,
/// so the last row written is always seen by some re-evaluation.
/// </summary>
internal static class Nudge
{
    public static async Task ResumeAsync(DbContext db, WorkflowInstances instances, string instanceId, string stimulus, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            db.ChangeTracker.Clear();
            var bookmark = await db.Set<BookmarkRecord>().AsNoTracking()
                .Where(b => b.InstanceId == instanceId && b.Stimulus == stimulus).Select(b => b.Id).FirstOrDefaultAsync(cancellationToken);
            if (bookmark is null)
            {
                return;
            }

            var result = await instances.ResumeAsync(bookmark, null, actor, null, cancellationToken);
            if (result.Outcome == InstanceOutcome.Applied)
            {
                return;
            }
        }
    }
}
