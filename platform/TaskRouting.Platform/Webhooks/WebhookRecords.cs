using Microsoft.EntityFrameworkCore;

namespace TaskRouting.Platform.Webhooks;

/// <summary>A department's own system subscribed to some of TaskRouting's events at a URL, with a secret to verify them.</summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; init; }
    public required string District { get; init; }
    public required string Department { get; init; }
    public required string Url { get; init; }
    public List<string> Events { get; init; } = [];
    /// <summary>The signing secret, encrypted with the server's data-protection keys (shown to the subscriber once).</summary>
    public required string ProtectedSecret { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>Something happened that a department's system may want to hear of; written in the transaction of the change.</summary>
public sealed class WebhookEvent
{
    public long Id { get; init; }
    public required string District { get; init; }
    public required string Department { get; init; }
    public required string Type { get; init; }
    public required string PayloadJson { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the dispatcher turned it into deliveries (null: not yet).</summary>
    public DateTimeOffset? FannedOutAt { get; set; }
}

/// <summary>One event on its way to one subscription: retried with back-off until delivered or out of attempts.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; init; }
    public Guid SubscriptionId { get; init; }
    /// <summary>The event delivered; null for a test delivery (ping).</summary>
    public long? EventId { get; init; }
    public required string Type { get; init; }
    public required string PayloadJson { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    /// <summary>Given up after the last attempt.</summary>
    public DateTimeOffset? FailedAt { get; set; }
    public int? LastStatus { get; set; }
    public string? LastError { get; set; }
}

/// <summary>The webhooks' tables: the central server's context applies them (the street gateway has none).</summary>
public static class WebhookModel
{
    public static ModelBuilder ApplyWebhookModel(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<WebhookSubscription>(e =>
        {
            e.ToTable("webhook_subscriptions");
            e.HasKey(x => x.Id);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Department).HasMaxLength(64);
            e.Property(x => x.Url).HasMaxLength(2000);
            e.Property(x => x.ProtectedSecret).HasMaxLength(1000);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.District, x.Department });
        });
        modelBuilder.Entity<WebhookEvent>(e =>
        {
            e.ToTable("webhook_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Department).HasMaxLength(64);
            e.Property(x => x.Type).HasMaxLength(60);
            e.HasIndex(x => x.FannedOutAt);
        });
        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Type).HasMaxLength(60);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.HasIndex(x => new { x.SubscriptionId, x.EventId }).IsUnique();
            e.HasIndex(x => new { x.DeliveredAt, x.FailedAt, x.NextAttemptAt });
        });
        return modelBuilder;
    }
}
