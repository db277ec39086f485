using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Approval;
using TaskRouting.Contracts.PlanList;
using TaskRouting.Server.Data;
using TaskRouting.Streets.PlanList;

namespace TaskRouting.Server.Hosting;

/// <summary>The in-process gateway asks the central plan list directly (a standalone gateway asks it over HTTP).</summary>
internal sealed class CentralPlanListSource(TaskRoutingDbContext db) : IPlanListSource
{
    public async Task<PlanListAnswer?> FindAsync(string district, string admissionNumber, CancellationToken cancellationToken)
    {
        var entry = await db.Set<PlanListEntry>().AsNoTracking().FirstOrDefaultAsync(p => p.Number == admissionNumber && p.District == district, cancellationToken);
        return entry is null ? null : new PlanListAnswer(entry.Number, Enum.Parse<PlanListStatus>(entry.Status.ToString()), entry.Department, entry.Title);
    }
}
