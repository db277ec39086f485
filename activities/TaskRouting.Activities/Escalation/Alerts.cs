using Microsoft.EntityFrameworkCore;

namespace TaskRouting.Activities.Escalation;

/// <summary>Raises alerts in the caller's transaction; an alert whose key exists already is not raised again.</summary>
public static class Alerts
{
    public static async Task<bool> RaiseAsync(
        DbContext db, string key, string district, AlertKind kind, string targetRole, string? targetScope, Guid? applicationId,
        Lifecycle.Text text, DateTimeOffset now, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.ChangeTracker.Entries<Alert>().Any(e => e.Entity.Key == key)
            || await db.Set<Alert>().AnyAsync(a => a.Key == key, cancellationToken))
        {
            return false;
        }

        db.Add(new Alert
        {
            Id = Guid.NewGuid(),
            Key = key,
            District = district,
            Kind = kind,
            TargetRole = targetRole,
            TargetScope = targetScope,
            ApplicationId = applicationId,
            TextZh = text.Zh,
            TextEn = text.En,
            CreatedAt = now,
            DueAt = dueAt,
        });
        return true;
    }
}
