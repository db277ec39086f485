using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Contracts.Accountability;
using TaskRouting.Messaging.Outbox;

namespace TaskRouting.Activities.Escalation;

/// <summary>
/// Raises alerts in the caller's transaction; an alert whose key exists already is not raised again. An alert for a
/// street or a community also goes to that street's subsystem (<see cref="EscalationRaised"/>, through the outbox,
/// with an id derived from the key), so it shows in the street's own inbox; one for a department is also a webhook
/// event for the department's own system.
/// </summary>
public static class Alerts
{
    /// <summary>The target role of an alert addressed to one person (its scope is their user name), e.g. one a supervisor reassigned.</summary>
    public const string PersonRole = "person";

    /// <param name="street">The street whose subsystem serves the target; required when the target is a community.</param>
    public static async Task<bool> RaiseAsync(
        DbContext db, string key, string district, AlertKind kind, string targetRole, string? targetScope, Guid? applicationId,
        Lifecycle.Text text, DateTimeOffset now, DateTimeOffset? dueAt, CancellationToken cancellationToken, string? street = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.ChangeTracker.Entries<Alert>().Any(e => e.Entity.Key == key)
            || await db.Set<Alert>().AnyAsync(a => a.Key == key, cancellationToken))
        {
            return false;
        }

        Add(db, key, district, kind, targetRole, targetScope, applicationId, text, now, dueAt, street);
        return true;
    }

    /// <summary>Adds an alert whose key is new by construction (e.g. it carries the instant), without looking for an earlier one.</summary>
    public static void Add(
        DbContext db, string key, string district, AlertKind kind, string targetRole, string? targetScope, Guid? applicationId,
        Lifecycle.Text text, DateTimeOffset now, DateTimeOffset? dueAt, string? street = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var id = Guid.NewGuid();
        db.Add(new Alert
        {
            Id = id,
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
        if (targetRole == "department" && targetScope is not null)
        {
            // The department's own system may subscribe to what is addressed to it (signed webhooks).
            Platform.Webhooks.Webhooks.Raise(db, district, targetScope, Platform.Webhooks.Webhooks.AlertRaised,
                new { alertId = id, kind = kind.ToString(), textZh = text.Zh, textEn = text.En, applicationId, dueAt }, now);
        }

        if (targetRole is "street" or "community" && targetScope is not null)
        {
            Outbox.Add(db, new EscalationRaised
            {
                EscalationId = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16)),
                District = district,
                Street = street ?? (targetRole == "street" ? targetScope : throw new ArgumentException("a community's alert needs its street", nameof(street))),
                TargetCode = targetScope, ApplicationId = applicationId, TextZh = text.Zh, TextEn = text.En, DueAt = dueAt, RaisedAt = now,
            }, now);
        }

    }
}
