using MassTransit;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Contracts.PlanList;
using TaskRouting.Messaging.Inbox;
using TaskRouting.Streets.Data;

namespace TaskRouting.Streets.PlanList;

/// <summary>Keeps the gateway's copy of the plan list current; a change older than the copy's changes nothing.</summary>
public sealed class PlanListConsumer(StreetsDbContext db, TimeProvider time) : IConsumer<PlanListEntryChanged>
{
    public async Task Consume(ConsumeContext<PlanListEntryChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        var ct = context.CancellationToken;
        if ((await Inbox.ClaimAsync(db, nameof(PlanListConsumer), [context.MessageId!.Value], time.GetUtcNow(), ct)).Count == 0)
        {
            return;
        }

        PlanListCheck.Upsert(db, await db.Set<PlanListCopy>().FirstOrDefaultAsync(p => p.AdmissionNumber == m.AdmissionNumber, ct),
            m.AdmissionNumber, m.District, m.ApplicationId, m.Department, m.Title, m.Status, m.ChangedAt);
        await db.SaveChangesAsync(ct);
    }
}
