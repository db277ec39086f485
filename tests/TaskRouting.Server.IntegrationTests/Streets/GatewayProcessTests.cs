using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Contracts.Dispatch;
using TaskRouting.Contracts.PlanList;
using TaskRouting.Messaging.Outbox;
using TaskRouting.Server.Data;
using TaskRouting.Server.IntegrationTests.Admission;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Streets;

/// <summary>
/// A street running its own gateway (hosts/TaskRouting.StreetGateway as a separate process, serving street DX01 from
/// its own queue), killed in the middle of a batch and started again: it resumes where it stopped.
/// </summary>
[Collection(GatewayProcessCollection.Name)]
public sealed class GatewayProcessTests(StandaloneGatewayFixture server)
{
    private const int Messages = 5_000;

    [Fact]
    public async Task GatewayKilledMidBatch_ResumesWhereItStopped_NothingLostNothingTwice()
    {
        await using (var first = await StartGatewayAsync())
        {
            const string number = "DX-2026-H2-555";
            await server.PublishAsync(new PlanListEntryChanged
            {
                AdmissionNumber = number, District = "DX", ApplicationId = Guid.NewGuid(), Department = AdmissionFixture.Department, Title = "单街道子系统事项",
                Status = PlanListStatus.InForce, ChangedAt = server.Time.GetUtcNow(),
            }, Guid.NewGuid());
            await AdmissionFixture.EventuallyAsync(async () => await server.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM gw_plan_list WHERE \"AdmissionNumber\" = '{number}'") == 1, "the standalone gateway's plan-list copy");

            var now = server.Time.GetUtcNow();
            await using (var scope = server.Factory.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TaskRoutingDbContext>();
                for (var i = 0; i < Messages; i++)
                {
                    Outbox.Add(db, new DispatchTask
                    {
                        DispatchId = Guid.NewGuid(), ApplicationId = Application, AdmissionNumber = number, District = "DX", Street = "DX01", Community = $"DX01K{i:00000}",
                        Department = AdmissionFixture.Department, Title = "单街道子系统事项", Description = "killed gateway", WorkloadHoursPerMonth = 1, Funding = 0,
                        AcknowledgeBy = now.AddDays(3), DispatchedAt = now,
                    }, now);
                }

                await db.SaveChangesAsync();
            }

            await AdmissionFixture.EventuallyAsync(async () => await StoredAsync() >= 300, "the gateway to be under way", TimeSpan.FromSeconds(60));
            first.Process.Kill(entireProcessTree: true);
            await first.Process.WaitForExitAsync();
        }

        var storedAtKill = await StoredAsync();
        Assert.True(storedAtKill < Messages, $"the kill came after the gateway had finished ({storedAtKill} stored)");
        await Task.Delay(500);
        Assert.Equal(storedAtKill, await StoredAsync());

        await using var second = await StartGatewayAsync();
        await AdmissionFixture.EventuallyAsync(async () => await StoredAsync() == Messages, "the restarted gateway to store the rest", TimeSpan.FromMinutes(3));
        Assert.Equal(Messages, await server.Database.ScalarAsync<long>($"""
            SELECT count(*) FROM msg_outbox o JOIN gw_inbox i ON i."MessageId" = o."MessageId" AND i."Consumer" = 'ReceivedTasksConsumer'
            WHERE o."Body" LIKE '%{Application}%'
            """));
        Assert.Equal(Messages, await server.Database.ScalarAsync<long>($"SELECT count(DISTINCT \"Community\") FROM gw_tasks WHERE \"ApplicationId\" = '{Application}'"));
    }

    private static readonly Guid Application = Guid.NewGuid();

    private Task<long> StoredAsync() => server.Database.ScalarAsync<long>($"SELECT count(*) FROM gw_tasks WHERE \"ApplicationId\" = '{Application}'");

    private async Task<ServerProcess> StartGatewayAsync()
    {
        var gateway = ServerProcess.Start(new Dictionary<string, string>
        {
            ["TaskRouting__Storage__Provider"] = "PostgreSql",
            ["TaskRouting__Storage__ConnectionString"] = server.Database.ConnectionString,
            ["TaskRouting__Messaging__Transport"] = "RabbitMq",
            ["TaskRouting__Messaging__RabbitMqUri"] = TestEnvironment.RabbitMq,
            ["TaskRouting__Streets__InProcess"] = "false",
            ["TaskRouting__Streets__Serve__0"] = "DX.DX01",
            ["TaskRouting__Streets__BatchSize"] = "100",
            ["TaskRouting__Streets__CentralUrl"] = server.Factory.Server.BaseAddress.ToString(),
        }, dll: ServerProcess.GatewayDll);
        Assert.True(await gateway.WaitForReadyAsync(TimeSpan.FromSeconds(60)), $"the gateway did not become ready: {gateway.StandardOutput} {gateway.StandardError}");
        return gateway;
    }
}

/// <summary>A server whose streets run their own gateways (no gateway in-process).</summary>
public sealed class StandaloneGatewayFixture : AdmissionFixture
{
    protected override Dictionary<string, string?> ServerSettings => new()
    {
        ["TaskRouting:Jobs:RunServer"] = "false",
        ["TaskRouting:Streets:InProcess"] = "false",
    };
}

[CollectionDefinition(Name)]
public sealed class GatewayProcessCollection : ICollectionFixture<StandaloneGatewayFixture>
{
    public const string Name = "streets-gateway-process";
}
