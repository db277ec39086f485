using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Contracts.Dispatch;
using TaskRouting.Contracts.PlanList;
using TaskRouting.Messaging.Outbox;
using TaskRouting.Server.Data;
using TaskRouting.Server.IntegrationTests.Admission;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Streets;

/// <summary>A broker restart in the middle of a 10,000-message fan-out, on the real RabbitMQ and PostgreSQL.</summary>
[Collection(FanOutFaultCollection.Name)]
public sealed class FanOutFaultTests(AdmissionFixture server)
{
    private const int Messages = 10_000;

    [Fact]
    public async Task BrokerRestartMidFanOut_LosesNothing_DuplicatesNothing()
    {
        const string number = "DX-2026-H2-777";
        await server.PublishAsync(new PlanListEntryChanged
        {
            AdmissionNumber = number, District = "DX", ApplicationId = Guid.NewGuid(), Department = AdmissionFixture.Department, Title = "容错压测事项",
            Status = PlanListStatus.InForce, ChangedAt = server.Time.GetUtcNow(),
        }, Guid.NewGuid());
        await AdmissionFixture.EventuallyAsync(async () => await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM gw_plan_list WHERE \"AdmissionNumber\" = '{number}'") == 1, "the plan-list copy");

        // 10,000 dispatches committed to the central outbox in five transactions, written set-based as the dispatch step writes them.
        var applicationId = Guid.NewGuid();
        var now = server.Time.GetUtcNow();
        for (var part = 0; part < 5; part++)
        {
            await using var scope = server.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TaskRoutingDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await Outbox.InsertAsync(db, Enumerable.Range(part * 2_000, 2_000).Select(i => $"DX0{i % 5 + 1}").Select((street, i) => new DispatchTask
            {
                DispatchId = Guid.NewGuid(), ApplicationId = applicationId, AdmissionNumber = number, District = "DX", Street = street, Community = $"{street}F{part * 2_000 + i:00000}",
                Department = AdmissionFixture.Department, Title = "容错压测事项", Description = "broker restart", WorkloadHoursPerMonth = 1, Funding = 0,
                AcknowledgeBy = now.AddDays(3), DispatchedAt = now,
            }), now, CancellationToken.None);
            await transaction.CommitAsync();
        }

        Task<long> Stored() => server.Database.ScalarAsync<long>($"SELECT count(*) FROM gw_tasks WHERE \"ApplicationId\" = '{applicationId}'");
        await AdmissionFixture.EventuallyAsync(async () => await Stored() >= 500, "the fan-out to be under way", TimeSpan.FromSeconds(60));
        var storedAtRestart = await Stored();
        await RestartBrokerAsync();
        Assert.True(storedAtRestart < Messages, $"the restart came after the fan-out had finished ({storedAtRestart} stored)");

        await AdmissionFixture.EventuallyAsync(async () => await Stored() == Messages
            && await server.Database.ScalarAsync<long>($"SELECT count(*) FROM msg_outbox WHERE \"SentAt\" IS NULL AND \"Body\" LIKE '%{applicationId}%'") == 0,
            "all 10,000 dispatches stored after the restart", TimeSpan.FromMinutes(3));

        // Nothing lost: every outbox message reached the gateway's inbox. Nothing duplicated: exactly once each, one task each.
        Assert.Equal(Messages, await server.Database.ScalarAsync<long>($"""
            SELECT count(*) FROM msg_outbox o JOIN gw_inbox i ON i."MessageId" = o."MessageId" AND i."Consumer" = 'ReceivedTasksConsumer'
            WHERE o."Body" LIKE '%{applicationId}%'
            """));
        Assert.Equal(Messages, await server.Database.ScalarAsync<long>($"SELECT count(DISTINCT \"Community\") FROM gw_tasks WHERE \"ApplicationId\" = '{applicationId}'"));
        await Task.Delay(1_000);
        Assert.Equal(Messages, await Stored());
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
