using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Server.Data;
using TaskRouting.Server.IntegrationTests.Infrastructure;
using TaskRouting.Workflows.Runtime.Execution;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.IntegrationTests.Workflows;

/// <summary>The runtime's guarantees on the real PostgreSQL: concurrent resumes, timers across nodes.</summary>
public class WorkflowDurabilityTests
{
    private const string District = "DA";

    /// <summary>Journal lines with event Resumed (a burst's lines are stored together as a JSON array).</summary>
    private const string ResumedLines =
        "SELECT count(*) FROM workflow_journal j, jsonb_array_elements(j.\"EntriesJson\"::jsonb) e WHERE e->>'event' = 'Resumed'";

    private static async Task<T> InScopeAsync<T>(TaskRoutingFactory host, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private static async Task<string> PublishAsync(TaskRoutingFactory host, JsonObject definition) =>
        (await InScopeAsync(host, sp => sp.GetRequiredService<WorkflowDefinitions>()
            .SaveAsync(District, null, "test", null, definition.ToJsonString(), publish: true, "test", null, CancellationToken.None))).Record!.DefinitionId;

    private static Task<InstanceResult> StartAsync(TaskRoutingFactory host, string definitionId) =>
        InScopeAsync(host, sp => sp.GetRequiredService<WorkflowInstances>().StartAsync(District, definitionId, null, null, "test", null, CancellationToken.None));

    [Fact]
    public async Task Resume_100ConcurrentBurstsOnOneInstance_EachAppliedExactlyOnce()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var host = TaskRoutingFactory.Production(database.ConnectionString);
        await host.WaitUntilReadyAsync();
        var started = await StartAsync(host, await PublishAsync(host, FlowJson.FanIn(100)));
        var instanceId = started.Instance!.Id;

        var results = await Task.WhenAll(Enumerable.Range(1, 100).Select(i => Task.Run(() =>
            InScopeAsync(host, sp => sp.GetRequiredService<WorkflowInstances>()
                .TriggerAsync(District, "vote", $"k{i}", new JsonObject { ["n"] = i }, "test", null, CancellationToken.None)))));

        Assert.All(results, r => Assert.Equal(InstanceOutcome.Applied, Assert.Single(r).Outcome));
        var row = await InScopeAsync(host, sp => sp.GetRequiredService<TaskRoutingDbContext>().Set<WorkflowInstanceRecord>().AsNoTracking().SingleAsync(i => i.Id == instanceId));
        Assert.Equal(100, StateSerializer.Deserialize(row.StateJson).Variables["count"]!.GetValue<int>());
        Assert.Equal(101, row.Revision);
        Assert.Equal(WorkflowStatus.Finished, row.Status);
        Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM workflow_bookmarks WHERE \"InstanceId\" = '{instanceId}'"));
        Assert.Equal(100L, await database.ScalarAsync<long>($"{ResumedLines} AND j.\"InstanceId\" = '{instanceId}'"));
    }

    [Fact]
    public async Task Timers_TwoHostsSweepingTogether_FireEachTimerOnce()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var hostA = TaskRoutingFactory.Production(database.ConnectionString);
        await hostA.WaitUntilReadyAsync();
        await using var hostB = TaskRoutingFactory.Production(database.ConnectionString);
        await hostB.WaitUntilReadyAsync();
        var definitionId = await PublishAsync(hostA, FlowJson.Timer("00:00:01"));
        for (var i = 0; i < 100; i++)
        {
            await StartAsync(i % 2 == 0 ? hostA : hostB, definitionId);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        // Four sweepers on two nodes at once (each node's own Hangfire job may join in too).
        var fired = await Task.WhenAll(new[] { hostA, hostA, hostB, hostB }.Select(h => Task.Run(() =>
            InScopeAsync(h, sp => sp.GetRequiredService<WorkflowInstances>().FireDueTimersAsync(1_000, CancellationToken.None)))));

        Assert.True(fired.Sum() <= 100);
        Assert.True(fired.Count(f => f > 0) >= 2, $"sweepers did not share the work: {string.Join(",", fired)}");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE \"Status\" <> 'Finished'") > 0 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
        }

        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE \"Status\" <> 'Finished'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM workflow_bookmarks"));
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT j.\"InstanceId\" FROM workflow_journal j, jsonb_array_elements(j.\"EntriesJson\"::jsonb) e " +
            "WHERE e->>'event' = 'Resumed' GROUP BY j.\"InstanceId\" HAVING count(*) <> 1) AS twice"));
        Assert.Equal(100L, await database.ScalarAsync<long>(
            "SELECT count(DISTINCT j.\"InstanceId\") FROM workflow_journal j, jsonb_array_elements(j.\"EntriesJson\"::jsonb) e WHERE e->>'event' = 'Resumed'"));
    }

    [Fact]
    public async Task Timer_WithNobodySweepingByHand_IsFiredByTheHangfireJob()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var host = TaskRoutingFactory.Production(database.ConnectionString,
            new Dictionary<string, string?> { ["TaskRouting:Workflows:TimerSweepCron"] = "*/2 * * * * *" });
        await host.WaitUntilReadyAsync();
        var started = await StartAsync(host, await PublishAsync(host, FlowJson.Timer("00:00:01")));

        // Hangfire's scheduler looks for due recurring jobs every 15 s, so allow a few rounds.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await database.ScalarAsync<string>($"SELECT \"Status\" FROM workflow_instances WHERE \"Id\" = '{started.Instance!.Id}'") != "Finished"
            && waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(500);
        }

        Assert.Equal("Finished", await database.ScalarAsync<string>($"SELECT \"Status\" FROM workflow_instances WHERE \"Id\" = '{started.Instance!.Id}'"));
        Assert.Equal(1L, await database.ScalarAsync<long>($"{ResumedLines} AND j.\"InstanceId\" = '{started.Instance.Id}' AND e->>'actor' = 'system'"));
    }

    [Fact]
    public async Task Start_TimerSweep_IsARecurringHangfireJob()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var host = TaskRoutingFactory.Production(database.ConnectionString);
        await host.WaitUntilReadyAsync();

        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == "workflow-timers");
        Assert.Equal("*/15 * * * * *", job.Cron);
    }

    [Fact]
    public async Task Resume_WhenTheCallersDomainChangeFails_CommitsNothingOfTheBurst()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var host = TaskRoutingFactory.Production(database.ConnectionString);
        await host.WaitUntilReadyAsync();
        var started = await StartAsync(host, await PublishAsync(host, FlowJson.FanIn(2)));
        var instanceId = started.Instance!.Id;
        await InScopeAsync(host, async sp =>
        {
            var db = sp.GetRequiredService<TaskRoutingDbContext>();
            db.Add(new TaskRouting.Platform.Organisation.District { Code = "DX", NameZh = "重复区", NameEn = "Duplicate" });
            return await db.SaveChangesAsync();
        });

        // The instance's batch is written first; the domain row then violates its primary key: all of it rolls back.
        await Assert.ThrowsAsync<DbUpdateException>(() => InScopeAsync(host, sp => sp.GetRequiredService<WorkflowInstances>()
            .TriggerAsync(District, "vote", "k1", null, "test",
                (db, _) => db.Add(new TaskRouting.Platform.Organisation.District { Code = "DX", NameZh = "重复区", NameEn = "Duplicate" }),
                CancellationToken.None)));

        Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT \"Revision\" FROM workflow_instances WHERE \"Id\" = '{instanceId}'"));
        Assert.Equal(2L, await database.ScalarAsync<long>($"SELECT count(*) FROM workflow_bookmarks WHERE \"InstanceId\" = '{instanceId}'"));
        Assert.Equal(0L, await database.ScalarAsync<long>($"{ResumedLines} AND j.\"InstanceId\" = '{instanceId}'"));

        // The same stimulus without the failing change then applies once.
        var retried = await InScopeAsync(host, sp => sp.GetRequiredService<WorkflowInstances>()
            .TriggerAsync(District, "vote", "k1", null, "test", null, CancellationToken.None));
        Assert.Equal(InstanceOutcome.Applied, Assert.Single(retried).Outcome);
        Assert.Equal(2L, await database.ScalarAsync<long>($"SELECT \"Revision\" FROM workflow_instances WHERE \"Id\" = '{instanceId}'"));
        Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM workflow_bookmarks WHERE \"InstanceId\" = '{instanceId}'"));
    }
}
