using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Platform.Webhooks;

/// <summary>What a department asks for: where to send which events.</summary>
public sealed record WebhookForm(string? Url, IReadOnlyList<string>? Events);

/// <summary>A subscription as its department sees it (never the secret, which is shown once, on creation).</summary>
public sealed record WebhookView(Guid Id, string Url, IReadOnlyList<string> Events, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>A new subscription with its signing secret: the only time the secret is shown.</summary>
public sealed record WebhookCreated(WebhookView Subscription, string Secret);

/// <summary>One delivery attempt's outcome as the subscriber's department sees it.</summary>
public sealed record DeliveryView(Guid Id, string Type, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset? DeliveredAt, DateTimeOffset? FailedAt,
    DateTimeOffset NextAttemptAt, int? LastStatus, string? LastError);

/// <summary>
/// A department's webhook subscriptions: signed HTTP calls its own system receives when its applications move or
/// when something is addressed to it. Only the department's users manage and see its subscriptions; every change is audited.
/// </summary>
public sealed class WebhookSubscriptions(DbContext db, AuditTrail audit, IDataProtectionProvider protection, IOptions<WebhookOptions> options, TimeProvider time)
{
    internal const string ProtectorPurpose = "TaskRouting.Webhooks.Secret";

    public async Task<WebhookCreated> CreateAsync(Actor actor, WebhookForm? form, CancellationToken cancellationToken)
    {
        var (district, department) = Own(actor);
        var errors = new List<FieldError>();
        var url = form?.Url?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            errors.Add(new("url", "地址不能为空 / url is required"));
        }
        else if (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo)
                 || !(uri.Scheme == Uri.UriSchemeHttps || (options.Value.AllowInsecureUrls && uri.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add(new("url", options.Value.AllowInsecureUrls
                ? "地址须为不含用户名密码的 http(s) 绝对地址 / url must be an absolute http(s) URL without credentials"
                : "地址须为不含用户名密码的 https 绝对地址 / url must be an absolute https URL without credentials"));
        }

        var events = form?.Events?.Select(e => e?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (events.Count == 0)
        {
            errors.Add(new("events", $"请至少选择一个事件:{string.Join("、", Webhooks.EventTypes)} / choose at least one of {string.Join(", ", Webhooks.EventTypes)}"));
        }

        foreach (var unknown in events.Where(e => !Webhooks.EventTypes.Contains(e)))
        {
            errors.Add(new("events", $"没有事件 {unknown} / There is no event {unknown}"));
        }

        if (await db.Set<WebhookSubscription>().CountAsync(s => s.District == district && s.Department == department && s.DeletedAt == null, cancellationToken)
            >= options.Value.MaxSubscriptionsPerDepartment)
        {
            errors.Add(new("url", $"每个部门最多 {options.Value.MaxSubscriptionsPerDepartment} 个订阅 / At most {options.Value.MaxSubscriptionsPerDepartment} subscriptions per department"));
        }

        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(now), District = district, Department = department, Url = url!, Events = events,
            ProtectedSecret = protection.CreateProtector(ProtectorPurpose).Protect(secret), CreatedBy = actor.Name, CreatedAt = now,
        };
        db.Add(subscription);
        audit.Record(db, actor, "webhook.subscribed", "webhook", subscription.Id.ToString(), null, new { subscription.Url, subscription.Events }, district);
        await audit.SaveChangesAsync(db, cancellationToken);
        return new WebhookCreated(View(subscription), secret);
    }

    public async Task<IReadOnlyList<WebhookView>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        var (district, department) = Own(actor);
        return (await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.District == district && s.Department == department && s.DeletedAt == null)
            .OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken)).Select(View).ToList();
    }

    public async Task DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var subscription = await OwnedAsync(actor, id, cancellationToken);
        db.Attach(subscription);
        subscription.DeletedAt = time.GetUtcNow();
        audit.Record(db, actor, "webhook.deleted", "webhook", id.ToString(), new { subscription.Url, subscription.Events }, null, subscription.District);
        await audit.SaveChangesAsync(db, cancellationToken);
    }

    /// <summary>The subscription's latest 100 deliveries, newest first.</summary>
    public async Task<IReadOnlyList<DeliveryView>> DeliveriesAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await OwnedAsync(actor, id, cancellationToken);
        return await db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.SubscriptionId == id).OrderByDescending(d => d.CreatedAt).Take(100)
            .Select(d => new DeliveryView(d.Id, d.Type, d.CreatedAt, d.Attempts, d.DeliveredAt, d.FailedAt, d.NextAttemptAt, d.LastStatus, d.LastError))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Queues a test delivery (<c>ping</c>) to the subscription.</summary>
    public async Task<DeliveryView> PingAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var subscription = await OwnedAsync(actor, id, cancellationToken);
        var now = time.GetUtcNow();
        var delivery = new WebhookDelivery
        {
            Id = Guid.CreateVersion7(now), SubscriptionId = id, EventId = null, Type = Webhooks.Ping, CreatedAt = now, NextAttemptAt = now,
            PayloadJson = $$"""{"subscriptionId":"{{id}}","department":"{{subscription.Department}}"}""",
        };
        db.Add(delivery);
        audit.Record(db, actor, "webhook.pinged", "webhook", id.ToString(), null, new { delivery = delivery.Id }, subscription.District);
        await audit.SaveChangesAsync(db, cancellationToken);
        return new DeliveryView(delivery.Id, delivery.Type, delivery.CreatedAt, 0, null, null, delivery.NextAttemptAt, null, null);
    }

    private static (string District, string Department) Own(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsIn(Role.Department) && actor.District is { } district && actor.Department is { } department
            ? (district, department)
            : throw new UnauthorizedAccessException("只有部门用户可以管理本部门的订阅 / Only a department's users manage its webhooks");
    }

    private async Task<WebhookSubscription> OwnedAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var (district, department) = Own(actor);
        return await db.Set<WebhookSubscription>().AsNoTracking()
                   .FirstOrDefaultAsync(s => s.Id == id && s.District == district && s.Department == department && s.DeletedAt == null, cancellationToken)
               ?? throw DomainRejection.Missing($"没有订阅 {id} / There is no webhook {id}");
    }

    private static WebhookView View(WebhookSubscription s) => new(s.Id, s.Url, s.Events, s.CreatedBy, s.CreatedAt);
}
