using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Auditing;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.Workflows;

/// <summary>Commits a workflow burst together with the audit entries recorded for it, sealed in the same transaction.</summary>
internal sealed class AuditingWorkflowCommitter(AuditTrail audit) : IWorkflowCommitter
{
    public Task CommitAsync(DbContext db, CancellationToken cancellationToken) => audit.SaveChangesAsync(db, cancellationToken);
}
