using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Hooks = TaskRouting.Platform.Webhooks.Webhooks;
using TaskRouting.Server.IntegrationTests.Admission;

namespace TaskRouting.Server.IntegrationTests.Webhooks;

/// <summary>
/// Department webhooks against a real HTTP receiver: subscriptions validated and scoped, events signed and delivered
/// after their change commits, a failed delivery retried with back-off, a deleted subscription receiving nothing more.
/// </summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookTests(WebhookFixture server) : IAsyncLifetime
{
    private sealed record Received(string Delivery, string Event, long Timestamp, string Signature, string Body);

    private readonly ConcurrentQueue<Received> _received = new();
    private int _failNext;
    private TaskCompletionSource? _holdNext;
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _receiver;
    private string _url = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _receiver = builder.Build();
        _receiver.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (Interlocked.Exchange(ref _holdNext, null) is { } hold)
            {
                // A slow receiver: the delivery stays in flight until the test lets it go.
                _held.TrySetResult();
                await hold.Task;
            }

            _received.Enqueue(new Received(http.Request.Headers["X-TaskRouting-Delivery"].ToString(), http.Request.Headers["X-TaskRouting-Event"].ToString(),
                long.Parse(http.Request.Headers["X-TaskRouting-Timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture),
                http.Request.Headers["X-TaskRouting-Signature"].ToString(), body));
            return Interlocked.Exchange(ref _failNext, 0) == 1 ? Results.StatusCode(503) : Results.NoContent();
        });
        await _receiver.StartAsync();
        _url = _receiver.Urls.Single() + "/hook";
    }

    public async Task DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task Subscription_ReceivesSignedEventsOfItsOwnDepartment_RetriesAFailure_AndStopsWhenDeleted()
    {
        var dept = await server.As("dept");
        async Task<long> Subscriptions() => await server.Database.ScalarAsync<long>("SELECT count(*) FROM webhook_subscriptions");
        var before = await Subscriptions();

        // Bad input: field errors, nothing stored; other roles may not subscribe.
        var bad = await dept.PostAsJsonAsync("/api/webhooks", new { url = "ftp://example.org/hook", events = new[] { "application.stage-changed", "nope" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("url", out _));
        Assert.Contains("nope", errors.GetProperty("events")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await dept.PostAsJsonAsync("/api/webhooks", new { url = _url, events = Array.Empty<string>() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("c-DX01001")).PostAsJsonAsync("/api/webhooks", new { url = _url, events = new[] { Hooks.AlertRaised } })).StatusCode);
        Assert.Equal(before, await Subscriptions());

        var created = await AdmissionFixture.Json(await dept.PostAsJsonAsync("/api/webhooks", new { url = _url, events = new[] { Hooks.ApplicationStageChanged, Hooks.AlertRaised } }));
        var id = created.GetProperty("subscription").GetProperty("id").GetGuid();
        var secret = created.GetProperty("secret").GetString()!;
        Assert.DoesNotContain(secret, await dept.GetStringAsync("/api/webhooks"), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await server.Database.ScalarAsync<string>($"SELECT \"ProtectedSecret\" FROM webhook_subscriptions WHERE \"Id\" = '{id}'"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("dept-mz")).GetAsync($"/api/webhooks/{id}/deliveries")).StatusCode);

        // Submitting an application moves it to screening: the department's system hears of it, signed.
        var application = (await AdmissionFixture.Json(await dept.PostAsJsonAsync("/api/applications?submit=true", AdmissionFixture.Application("网格员入户走访记录上报")))).GetProperty("id").GetGuid();
        var moved = await ReceivedAsync(r => r.Event == Hooks.ApplicationStageChanged && r.Body.Contains(application.ToString(), StringComparison.Ordinal));
        Assert.Equal(Hooks.Sign(secret, moved.Timestamp, moved.Body), moved.Signature);
        var body = JsonDocument.Parse(moved.Body).RootElement;
        Assert.Equal(moved.Delivery, body.GetProperty("id").GetString());
        Assert.Equal("Screening", body.GetProperty("data").GetProperty("stage").GetString());

        // Another department's application sends nothing to this subscription.
        var other = (await AdmissionFixture.Json(await (await server.As("dept-mz")).PostAsJsonAsync("/api/applications?submit=true", AdmissionFixture.Application("民政局的事项")))).GetProperty("id").GetGuid();
        await Task.Delay(1500);
        Assert.DoesNotContain(_received, r => r.Body.Contains(other.ToString(), StringComparison.Ordinal));

        // A failed delivery is tried again after its back-off (30 s by the server's clock), with the same delivery id.
        Interlocked.Exchange(ref _failNext, 1);
        var ping = await AdmissionFixture.Json(await dept.PostAsync($"/api/webhooks/{id}/ping", null));
        var pingId = ping.GetProperty("id").GetString()!;
        await ReceivedAsync(r => r.Delivery == pingId);
        await AdmissionFixture.EventuallyAsync(async () => (await Delivery(dept, id, pingId)).GetProperty("attempts").GetInt32() == 1, "the first attempt recorded");
        Assert.Equal(503, (await Delivery(dept, id, pingId)).GetProperty("lastStatus").GetInt32());
        await Task.Delay(1000);
        Assert.Single(_received, r => r.Delivery == pingId);
        server.Time.Advance(TimeSpan.FromSeconds(31));
        await AdmissionFixture.EventuallyAsync(async () => (await Delivery(dept, id, pingId)).GetProperty("deliveredAt").ValueKind == JsonValueKind.String, "the retried delivery");
        Assert.Equal(2, _received.Count(r => r.Delivery == pingId));

        // Deleted: nothing more arrives.
        Assert.Equal(HttpStatusCode.NoContent, (await dept.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        var count = _received.Count;
        await dept.PostAsJsonAsync("/api/applications?submit=true", AdmissionFixture.Application("删除订阅之后的事项"));
        await Task.Delay(1500);
        Assert.Equal(count, _received.Count);
        Assert.Equal(1, await server.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_entries WHERE \"Action\" = 'webhook.deleted' AND \"EntityId\" = '{id}'"));
    }

    [Fact]
    public async Task DeliveryInFlight_IsHeldOnALease_AndHistoryIsDeletedAfterTheRetentionPeriod()
    {
        var dept = await server.As("dept");
        var created = await AdmissionFixture.Json(await dept.PostAsJsonAsync("/api/webhooks", new { url = _url, events = new[] { Hooks.AlertRaised } }));
        var id = created.GetProperty("subscription").GetProperty("id").GetGuid();

        // While the receiver holds the ping, the delivery's next attempt lies beyond the lease (20 × 10 s + 30 s):
        // another node's due query (next attempt <= now) cannot take it and send it a second time.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _holdNext, release);
        var pingId = (await AdmissionFixture.Json(await dept.PostAsync($"/api/webhooks/{id}/ping", null))).GetProperty("id").GetString()!;
        await _held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var next = await server.Database.ScalarAsync<DateTime>($"SELECT \"NextAttemptAt\" FROM webhook_deliveries WHERE \"Id\" = '{pingId}'");
        Assert.True(new DateTimeOffset(next, TimeSpan.Zero) >= server.Time.GetUtcNow().AddSeconds(200), $"leased until {next:O}, now {server.Time.GetUtcNow():O}");
        release.SetResult();
        await AdmissionFixture.EventuallyAsync(async () => (await Delivery(dept, id, pingId)).GetProperty("deliveredAt").ValueKind == JsonValueKind.String, "the held delivery");
        Assert.Single(_received, r => r.Delivery == pingId);

        // History older than the retention period (30 days) goes at the next housekeeping. A delivery still waiting for
        // its retry is kept however old it is, and goes out when it falls due.
        async Task<long> Rows(string id) => await server.Database.ScalarAsync<long>($"SELECT count(*) FROM webhook_deliveries WHERE \"Id\" = '{id}'");
        async Task<long> OldEvents() => await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM webhook_events WHERE \"FannedOutAt\" < '{server.Time.GetUtcNow().AddDays(-30).UtcDateTime:O}'");
        await dept.PostAsJsonAsync("/api/applications?submit=true", AdmissionFixture.Application("保留期之前的事项"));
        await AdmissionFixture.EventuallyAsync(async () => await server.Database.ScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE \"FannedOutAt\" IS NOT NULL") > 0,
            "a fanned-out event");
        Interlocked.Exchange(ref _failNext, 1);
        var waiting = (await AdmissionFixture.Json(await dept.PostAsync($"/api/webhooks/{id}/ping", null))).GetProperty("id").GetString()!;
        await AdmissionFixture.EventuallyAsync(async () => (await Delivery(dept, id, waiting)).GetProperty("attempts").GetInt32() == 1, "the failed first attempt");
        Assert.Equal(JsonValueKind.Null, (await Delivery(dept, id, waiting)).GetProperty("deliveredAt").ValueKind);

        server.MoveClock(TimeSpan.FromDays(31));
        dept = await server.As("dept");
        await AdmissionFixture.EventuallyAsync(async () => await Rows(pingId) == 0 && await OldEvents() == 0, "the old delivery and events deleted");
        await AdmissionFixture.EventuallyAsync(async () => (await Delivery(dept, id, waiting)).GetProperty("deliveredAt").ValueKind == JsonValueKind.String,
            "the waiting delivery kept and sent");
        Assert.Equal(2, _received.Count(r => r.Delivery == waiting));
    }

    private static async Task<JsonElement> Delivery(HttpClient client, Guid subscription, string delivery) =>
        (await AdmissionFixture.Json(await client.GetAsync($"/api/webhooks/{subscription}/deliveries"))).EnumerateArray().Single(d => d.GetProperty("id").GetString() == delivery);

    private async Task<Received> ReceivedAsync(Func<Received, bool> match)
    {
        Received? found = null;
        await AdmissionFixture.EventuallyAsync(() => Task.FromResult((found = _received.FirstOrDefault(match)) is not null), "a webhook delivery");
        return found!;
    }
}

/// <summary>A server that accepts http:// webhook URLs (the test receiver) and polls often.</summary>
public sealed class WebhookFixture : AdmissionFixture
{
    protected override Dictionary<string, string?> ServerSettings => new()
    {
        ["TaskRouting:Jobs:RunServer"] = "false",
        ["TaskRouting:Webhooks:AllowInsecureUrls"] = "true",
        ["TaskRouting:Webhooks:PollInterval"] = "00:00:00.200",
    };
}

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookFixture>
{
    public const string Name = "webhooks";
}
