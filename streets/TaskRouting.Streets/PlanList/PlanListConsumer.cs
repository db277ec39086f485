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

        var copy = await db.Set<PlanListCopy>().FirstOrDefaultAsync(p => p.AdmissionNumber == m.AdmissionNumber, ct);
        if (copy is null)
        {
            db.Add(new PlanListCopy
            {
                AdmissionNumber = m.AdmissionNumber, District = m.District, ApplicationId = m.ApplicationId, Department = m.Department, Title = m.Title,
                Status = m.Status, ChangedAt = m.ChangedAt,
            });
        }
        else if (m.ChangedAt >= copy.ChangedAt)
        {
            copy.ApplicationId = m.ApplicationId;
            copy.Department = m.Department;
            copy.Title = m.Title;
            copy.Status = m.Status;
            copy.ChangedAt = m.ChangedAt;
        }

        await db.SaveChangesAsync(ct);
    }
}
