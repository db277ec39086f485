using Microsoft.EntityFrameworkCore;
using TaskRouting.Contracts.PlanList;
using TaskRouting.Messaging.Outbox;

namespace TaskRouting.Activities.Approval;

/// <summary>Tells the street subsystems, through the outbox, that a plan-list entry was added or changed status.</summary>
internal static class PlanListAnnouncements
{
    public static void Announce(DbContext db, PlanListEntry entry, DateTimeOffset now) =>
        Outbox.Add(db, new PlanListEntryChanged
        {
            AdmissionNumber = entry.Number, District = entry.District, ApplicationId = entry.ApplicationId, Department = entry.Department,
            Title = entry.Title,
            Status = entry.Status switch
            {
                PlanEntryStatus.InForce => PlanListStatus.InForce,
                PlanEntryStatus.Completed => PlanListStatus.Completed,
                PlanEntryStatus.Lapsed => PlanListStatus.Lapsed,
                _ => PlanListStatus.Revoked,
            },
            ChangedAt = now,
        }, now);
}
