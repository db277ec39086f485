using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;
using TaskRouting.Server.Data;
using TaskRouting.Workflows;

namespace TaskRouting.Server.Workflows;

/// <summary>
/// Publishes the shipped workflows for every district that lacks them: at start-up and after an organisation import.
/// Each publication is audited as the system's; a district's edited copy is never replaced.
/// </summary>
internal sealed class ShippedWorkflowSeeding(TaskRoutingDbContext db, ShippedWorkflows shipped, AuditTrail audit)
{
    public async Task<int> SeedAllDistrictsAsync(CancellationToken cancellationToken)
    {
        var created = 0;
        var districts = await db.Set<District>().AsNoTracking().Select(d => d.Code).ToListAsync(cancellationToken);
        foreach (var district in districts)
        {
            var records = await shipped.EnsurePublishedAsync(district, Actor.System.Name,
                (ctx, record) => audit.Record(ctx, Actor.System, "workflow.published", "workflow-definition", record.Id, null,
                    new { record.DefinitionId, record.Version, record.Name, shipped = true }, district),
                cancellationToken);
            created += records.Count;
        }

        return created;
    }
}
