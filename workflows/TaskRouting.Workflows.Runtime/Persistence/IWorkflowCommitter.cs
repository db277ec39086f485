using Microsoft.EntityFrameworkCore;

namespace TaskRouting.Workflows.Runtime.Persistence;

/// <summary>
/// Commits a burst: everything tracked by the context (instance, bookmarks, journal, and the domain changes the
/// activities or the caller made) in one transaction. The host replaces it to seal its audit entries in the same
/// transaction; the default saves the context.
/// </summary>
public interface IWorkflowCommitter
{
    Task CommitAsync(DbContext db, CancellationToken cancellationToken);
}

internal sealed class DefaultWorkflowCommitter : IWorkflowCommitter
{
    public Task CommitAsync(DbContext db, CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);
}
