using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace TaskRouting.Platform.Webhooks;

/// <summary>
/// The events a department's system can subscribe to, and how a change raises one: in the caller's transaction, so an
/// event exists exactly when its change committed. The dispatcher delivers it to the matching subscriptions.
/// </summary>
public static class Webhooks
{
    /// <summary>An application of the department moved to another stage (or was decided).</summary>
    public const string ApplicationStageChanged = "application.stage-changed";

    /// <summary>A reminder, escalation or warning was addressed to the department (a notice naming it, a confirmed violation, a deadline).</summary>
    public const string AlertRaised = "alert.raised";

    /// <summary>A test delivery the subscriber asked for.</summary>
    public const string Ping = "ping";

    /// <summary>Every event type a subscription may name.</summary>
    public static IReadOnlyList<string> EventTypes { get; } = [ApplicationStageChanged, AlertRaised];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds an event for the department's subscribers to <paramref name="db"/>; it leaves when the change commits.</summary>
    public static void Raise(DbContext db, string district, string department, string type, object payload, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Add(new WebhookEvent { District = district, Department = department, Type = type, PayloadJson = JsonSerializer.Serialize(payload, Json), CreatedAt = now });
    }

    /// <summary>
    /// The signature a receiver checks: HMAC-SHA256 with the subscription's secret over <c>{timestamp}.{body}</c>, hex,
    /// sent as <c>X-TaskRouting-Signature: sha256=…</c> with the Unix timestamp in <c>X-TaskRouting-Timestamp</c>.
    /// </summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
    }
}
