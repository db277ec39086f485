using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TaskRouting.Platform.Webhooks;

/// <summary>
/// Turns committed webhook events into one delivery per matching subscription (a unique key keeps a second node from
/// doubling them) and delivers them: a signed JSON POST, retried with back-off (30 s, 1 min, 2 min … up to 1 h)
/// until a 2xx answer or the last attempt. Due deliveries are claimed on a lease, so several nodes do not send one at
/// the same time; delivery is still at least once (a node may die after sending and before recording it): receivers
/// drop repeats by <c>X-TaskRouting-Delivery</c>. Delivered and given-up deliveries, and fanned-out events, are deleted
/// after <see cref="WebhookOptions.Retention"/>.
/// </summary>
/// <remarks>Polling uses real time; due times and stored times come from the injected clock.</remarks>
internal sealed partial class WebhookDispatcher<TContext>(
    IServiceScopeFactory scopes, IHttpClientFactory clients, IDataProtectionProvider protection, IOptions<WebhookOptions> options, TimeProvider time,
    ILogger<WebhookDispatcher<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    public const string ClientName = "TaskRouting.Webhooks";

    /// <summary>Deliveries one node claims and sends at a time.</summary>
    internal const int ClaimSize = 20;

    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextHousekeeping = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FanOutAsync(stoppingToken);
                await DeliverDueAsync(stoppingToken);
                if (time.GetUtcNow() >= nextHousekeeping)
                {
                    await HousekeepAsync(stoppingToken);
                    nextHousekeeping = time.GetUtcNow() + HousekeepingInterval;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }

            await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Creates the deliveries of up to 500 new events; returns how many events it handled.</summary>
    internal async Task<int> FanOutAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var events = await db.Set<WebhookEvent>().Where(e => e.FannedOutAt == null).OrderBy(e => e.Id).Take(500).ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }

        var departments = events.Select(e => e.Department).Distinct().ToList();
        var subscriptions = await db.Set<WebhookSubscription>().AsNoTracking()
            .Where(s => s.DeletedAt == null && departments.Contains(s.Department)).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var e in events)
        {
            foreach (var subscription in subscriptions.Where(s => s.District == e.District && s.Department == e.Department && s.Events.Contains(e.Type)))
            {
                db.Add(new WebhookDelivery
                {
                    Id = Guid.CreateVersion7(now), SubscriptionId = subscription.Id, EventId = e.Id, Type = e.Type, PayloadJson = e.PayloadJson,
                    CreatedAt = e.CreatedAt, NextAttemptAt = now,
                });
            }

            e.FannedOutAt = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node fanned the same events out first; its deliveries stand.
            return 0;
        }

        return events.Count;
    }

    /// <summary>Attempts up to <see cref="ClaimSize"/> due deliveries; returns how many succeeded.</summary>
    internal async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var due = await ClaimDueAsync(db, cancellationToken);
        var ids = due.Select(d => d.SubscriptionId).Distinct().ToList();
        var subscriptions = await db.Set<WebhookSubscription>().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var protector = protection.CreateProtector(WebhookSubscriptions.ProtectorPurpose);
        var delivered = 0;
        var done = 0;
        try
        {
            foreach (var delivery in due)
            {
                var subscription = subscriptions[delivery.SubscriptionId];
                if (subscription.DeletedAt is not null)
                {
                    delivery.FailedAt = time.GetUtcNow();
                    delivery.LastError = "订阅已删除 / The subscription was deleted";
                }
                else if (await SendAsync(delivery, subscription, protector.Unprotect(subscription.ProtectedSecret), cancellationToken))
                {
                    delivered++;
                }

                await db.SaveChangesAsync(cancellationToken);
                done++;
            }
        }
        catch (Exception)
        {
            // Stopping, or a fault mid-batch: the claimed deliveries whose attempt was not recorded go back at once
            // rather than wait out the lease (best effort; if the database is what failed, the lease ends them later).
            await ReleaseAsync(due.Skip(done).Select(d => d.Id).ToList());
            throw;
        }

        return delivered;
    }

    private async Task ReleaseAsync(List<Guid> ids)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var now = time.GetUtcNow();
            await db.Set<WebhookDelivery>().Where(d => ids.Contains(d.Id) && d.DeliveredAt == null && d.FailedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, now), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
        }
    }

    /// <summary>
    /// Takes due deliveries on a lease: their next attempt moves past the time sending them all may take, in a short
    /// transaction that skips rows another node is claiming (<c>SKIP LOCKED</c> on PostgreSQL), so nodes do not send
    /// one delivery at the same time. Each attempt then sets the real next attempt; a node that dies mid-batch leaves
    /// its deliveries to be retried when the lease ends.
    /// </summary>
    private async Task<List<WebhookDelivery>> ClaimDueAsync(TContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL"
            ? await db.Set<WebhookDelivery>()
                .FromSqlRaw("""SELECT * FROM webhook_deliveries WHERE "DeliveredAt" IS NULL AND "FailedAt" IS NULL AND "NextAttemptAt" <= {0} ORDER BY "NextAttemptAt" LIMIT {1} FOR UPDATE SKIP LOCKED""", now, ClaimSize)
                .ToListAsync(cancellationToken)
            : await db.Set<WebhookDelivery>().Where(d => d.DeliveredAt == null && d.FailedAt == null && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).Take(ClaimSize).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return due;
        }

        foreach (var delivery in due)
        {
            delivery.NextAttemptAt = now + Lease;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due;
    }

    /// <summary>How long a claimed batch is held: every attempt timing out, plus a margin.</summary>
    private TimeSpan Lease => options.Value.Timeout * ClaimSize + TimeSpan.FromSeconds(30);

    /// <summary>Deletes delivered and given-up deliveries, and events fanned out, older than <see cref="WebhookOptions.Retention"/>; returns how many rows went.</summary>
    internal async Task<int> HousekeepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        var deliveries = await db.Set<WebhookDelivery>().Where(d => d.DeliveredAt < cutoff || d.FailedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        // A fanned-out event is no longer needed: its deliveries carry their own copy of the payload.
        var events = await db.Set<WebhookEvent>().Where(e => e.FannedOutAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        return deliveries + events;
    }

    private async Task<bool> SendAsync(WebhookDelivery delivery, WebhookSubscription subscription, string secret, CancellationToken cancellationToken)
    {
        var body = $$"""{"id":"{{delivery.Id}}","type":"{{delivery.Type}}","createdAt":"{{delivery.CreatedAt.UtcDateTime:O}}","data":{{delivery.PayloadJson}}}""";
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-TaskRouting-Delivery", delivery.Id.ToString());
        request.Headers.Add("X-TaskRouting-Event", delivery.Type);
        request.Headers.Add("X-TaskRouting-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-TaskRouting-Signature", Webhooks.Sign(secret, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("TaskRouting-Webhooks", "1"));
        delivery.Attempts++;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.Timeout);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            delivery.LastStatus = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                delivery.DeliveredAt = time.GetUtcNow();
                delivery.LastError = null;
                return true;
            }

            delivery.LastError = $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            delivery.LastError = ex is OperationCanceledException ? $"超时 / timed out after {options.Value.Timeout.TotalSeconds:0} s" : ex.Message[..Math.Min(ex.Message.Length, 2000)];
        }

        var now = time.GetUtcNow();
        if (delivery.Attempts >= options.Value.MaxAttempts)
        {
            delivery.FailedAt = now;
        }
        else
        {
            delivery.NextAttemptAt = now + Backoff(delivery.Attempts);
        }

        return false;
    }

    /// <summary>30 s after the first failure, doubling, at most an hour.</summary>
    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatch failed; it is tried again at the next poll")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
