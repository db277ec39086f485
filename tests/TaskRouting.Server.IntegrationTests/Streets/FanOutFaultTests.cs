using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Contracts.Dispatch;
using TaskRouting.Contracts.PlanList;
using TaskRouting.Messaging.Outbox;
using TaskRouting.Server.Data;
using TaskRouting.Server.IntegrationTests.Admission;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Streets;

/// <summary>A broker restart, and the relay's connection closed, in the middle of a 10,000-message fan-out, on the real RabbitMQ and PostgreSQL.</summary>
[Collection(FanOutFaultCollection.Name)]
public sealed class FanOutFaultTests(AdmissionFixture server)
{
    private const int Messages = 10_000;
    private const string RelayConnection = "TaskRoutingDbContext relay ";

    [Fact]
    public async Task BrokerRestartMidFanOut_LosesNothing_DuplicatesNothing()
    {
        var fanOut = await StartFanOutAsync("DX-2026-H2-777", Messages);
        await AdmissionFixture.EventuallyAsync(async () => await fanOut.StoredAsync() >= 500, "the fan-out to be under way", TimeSpan.FromSeconds(60));
        var storedAtRestart = await fanOut.StoredAsync();
        await RestartBrokerAsync();
        Assert.True(storedAtRestart < Messages, $"the restart came after the fan-out had finished ({storedAtRestart} stored)");

        await fanOut.AssertAllDeliveredOnceAsync(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task RelayConnectionClosedMidFanOut_LosesNothing_LeavesTheConsumersConnection()
    {
        // A first small fan-out opens the relay's connection, and the broker lists it (within its statistics interval).
        await (await StartFanOutAsync("DX-2026-H2-778", 10)).AssertAllDeliveredOnceAsync(TimeSpan.FromSeconds(60));
        await AdmissionFixture.EventuallyAsync(async () => (await RabbitMqManagement.ConnectionsAsync()).Any(c => c.ClientName.StartsWith(RelayConnection, StringComparison.Ordinal)),
            "the relay's connection listed by the broker", TimeSpan.FromSeconds(30));
        var bus = (await RabbitMqManagement.ConnectionsAsync()).Single(c => c.ClientName.StartsWith("server ", StringComparison.Ordinal));

        // An operator force-closes the central relay's connection in RabbitMQ's management UI while it publishes.
        var fanOut = await StartFanOutAsync("DX-2026-H2-779", Messages);
        var unsent = await fanOut.UnsentAsync();
        var closed = await RabbitMqManagement.CloseConnectionsAsync(RelayConnection);
        Assert.True(closed == 1, $"expected the central relay's one publishing connection, closed {closed}");
        Assert.True(unsent > 0, "the relay had sent everything before the connection was closed");

        await fanOut.AssertAllDeliveredOnceAsync(TimeSpan.FromMinutes(2));
        // The relay published on a connection of its own: the consumers' connection (same client port) never dropped.
        var after = await RabbitMqManagement.ConnectionsAsync();
        Assert.Contains(bus, after);
    }

    /// <summary>Puts the number on the gateway's plan-list copy, then commits <paramref name="count"/> dispatches to the central outbox.</summary>
    private async Task<FanOut> StartFanOutAsync(string number, int count)
    {
        await server.PublishAsync(new PlanListEntryChanged
        {
            AdmissionNumber = number, District = "DX", ApplicationId = Guid.NewGuid(), Department = AdmissionFixture.Department, Title = "容错压测事项",
            Status = PlanListStatus.InForce, ChangedAt = server.Time.GetUtcNow(),
        }, Guid.NewGuid());
        await AdmissionFixture.EventuallyAsync(async () => await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM gw_plan_list WHERE \"AdmissionNumber\" = '{number}'") == 1, "the plan-list copy");

        // Committed in five transactions, written set-based as the dispatch step writes them.
        var applicationId = Guid.NewGuid();
        var now = server.Time.GetUtcNow();
        var part = count / 5;
        for (var p = 0; p < 5; p++)
        {
            await using var scope = server.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TaskRoutingDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await Outbox.InsertAsync(db, Enumerable.Range(p * part, part).Select(i => $"DX0{i % 5 + 1}").Select((street, i) => new DispatchTask
            {
                DispatchId = Guid.NewGuid(), ApplicationId = applicationId, AdmissionNumber = number, District = "DX", Street = street,
                Community = $"{street}F{p * part + i:00000}", Department = AdmissionFixture.Department, Title = "容错压测事项", Description = "fault test",
                WorkloadHoursPerMonth = 1, Funding = 0, AcknowledgeBy = now.AddDays(3), DispatchedAt = now,
            }), now, CancellationToken.None);
            await transaction.CommitAsync();
        }

        return new FanOut(server, applicationId, part * 5);
    }

    private sealed class FanOut(AdmissionFixture server, Guid applicationId, int count)
    {
        public Task<long> StoredAsync() => server.Database.ScalarAsync<long>($"SELECT count(*) FROM gw_tasks WHERE \"ApplicationId\" = '{applicationId}'");

        public Task<long> UnsentAsync() =>
            server.Database.ScalarAsync<long>($"SELECT count(*) FROM msg_outbox WHERE \"SentAt\" IS NULL AND \"Body\" LIKE '%{applicationId}%'");

        /// <summary>Nothing lost: every outbox message reached the gateway's inbox. Nothing duplicated: exactly once each, one task each.</summary>
        public async Task AssertAllDeliveredOnceAsync(TimeSpan within)
        {
            try
            {
                await AdmissionFixture.EventuallyAsync(async () => await StoredAsync() == count && await UnsentAsync() == 0, $"all {count:N0} dispatches stored", within);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Which side stopped: the relay (rows still unsent) or the gateway's consumer (sent, not stored), and what
                // the bus and the broker say about the consumer.
                var health = server.Factory.Services.GetRequiredService<IBusControl>().CheckHealth();
                var endpoints = string.Join("; ", health.Endpoints.Select(e => $"{e.Key}: {e.Value.Status} {e.Value.Description}"));
                var (ready, unacked, consumers) = await RabbitMqManagement.QueueAsync("street-gateway");
                Assert.Fail($"{ex.Message}: {await StoredAsync()} stored, {await UnsentAsync()} still unsent in the central outbox; bus {health.Status}: {endpoints}; "
                    + $"broker: street-gateway ready {ready}, unacked {unacked}, consumers {consumers}");
            }

            Assert.Equal(count, await server.Database.ScalarAsync<long>($"""
                SELECT count(*) FROM msg_outbox o JOIN gw_inbox i ON i."MessageId" = o."MessageId" AND i."Consumer" = 'ReceivedTasksConsumer'
                WHERE o."Body" LIKE '%{applicationId}%'
                """));
            Assert.Equal(count, await server.Database.ScalarAsync<long>($"SELECT count(DISTINCT \"Community\") FROM gw_tasks WHERE \"ApplicationId\" = '{applicationId}'"));
            await Task.Delay(1_000);
            Assert.Equal(count, await StoredAsync());
        }
    }

    private static async Task RestartBrokerAsync()
    {
        var script = Environment.GetEnvironmentVariable("TASKROUTING_TEST_SERVICES_SCRIPT");
        Assert.False(string.IsNullOrEmpty(script), "TASKROUTING_TEST_SERVICES_SCRIPT is not set: run the tests with scripts/test.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script!, "restart-rabbitmq"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"restart-rabbitmq failed: {await output} {await error}");
    }
}

[CollectionDefinition(Name)]
public sealed class FanOutFaultCollection : ICollectionFixture<AdmissionFixture>
{
    public const string Name = "streets-fan-out-faults";
}
