using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskRouting.Server.Data;
using TaskRouting.Workflows.Runtime;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Bench;

/// <summary>
/// The workflow runtime on PostgreSQL: a 10-step flowchart with two waits, run to completion by concurrent
/// workers, each burst committed in its own transaction exactly as the server does it. Compared in the same run
/// with PostgreSQL's own ceiling for one-row committed transactions from the same client library.
/// </summary>
internal static class RuntimeBench
{
    private const double GoalStepsPerSecond = 2_000;
    private const double GoalCeilingRatio = 0.5;

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = Option(args, "--instances", 2_000);
        var workers = Option(args, "--workers", 8);
        var suspended = Option(args, "--suspended", 100_000);
        var server = Environment.GetEnvironmentVariable("TASKROUTING_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("TASKROUTING_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            Console.Error.WriteLine("Set TASKROUTING_BENCH_POSTGRES to a PostgreSQL connection string (e.g. source /tmp/taskrouting-services/env.sh after scripts/services.sh start)");
            return 2;
        }

        var database = "tr_bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        // The server's own defaults (ServerHostingExtensions.TunedPostgresConnectionString), on a fresh database.
        var connectionString = TaskRouting.Server.Hosting.ServerHostingExtensions.TunedPostgresConnectionString(
            new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = workers + 4 }.ConnectionString);
        try
        {
            Console.WriteLine("benchmark: workflow runtime on PostgreSQL (10-step flowchart, two waits, one transaction per burst)");
            Console.WriteLine(Machine.Describe());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"settings: {instances} instances, {workers} concurrent workers, {suspended} suspended instances for the memory check"));
            await using var provider = BuildServices(connectionString);
            await using (var scope = provider.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<TaskRoutingDbContext>().Database.MigrateAsync();
            }

            var definitionId = await PublishAsync(provider);
            await WarmUpAsync(provider, definitionId);
            var (elapsed, bursts, steps) = await RunInstancesAsync(provider, definitionId, instances, workers);
            var ceiling = await CeilingAsync(connectionString, Math.Max(instances * 3, 5_000), workers);

            var stepsPerSecond = steps / elapsed.TotalSeconds;
            var ratio = stepsPerSecond / ceiling;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"runtime: {instances / elapsed.TotalSeconds:0} instances/s, {stepsPerSecond:0} persisted steps/s ({steps} steps in {bursts.Count} bursts, {elapsed.TotalSeconds:0.00} s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"burst latency (commit included): p50 {Stats.Percentile(bursts, 50):0.0} ms, p99 {Stats.Percentile(bursts, 99):0.0} ms; per step p50 {Stats.Percentile(bursts, 50) / (steps / (double)bursts.Count):0.00} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"PostgreSQL ceiling: {ceiling:0} one-row committed transactions/s ({workers} connections, same client library)"));
            var stepsMet = stepsPerSecond >= GoalStepsPerSecond;
            var ratioMet = ratio >= GoalCeilingRatio;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"goal: >= {GoalStepsPerSecond:0} persisted steps/s -> {stepsPerSecond:0}: {(stepsMet ? "MET" : "MISSED")}; ratio to the ceiling >= {GoalCeilingRatio:0.0} -> {ratio:0.00}: {(ratioMet ? "MET" : "MISSED")}"));

            var memoryMet = await SuspendedMemoryAsync(provider, definitionId, suspended, workers);
            return stepsMet && ratioMet && memoryMet ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static ServiceProvider BuildServices(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContextPool<TaskRoutingDbContext, PostgresTaskRoutingDbContext>(o => o.UseNpgsql(connectionString));
        services.AddScoped<DbContext>(sp => sp.GetRequiredService<TaskRoutingDbContext>());
        services.AddWorkflowRuntime();
        return services.BuildServiceProvider();
    }

    /// <summary>Start, 3 steps, wait, 2 steps, wait, 3 steps, finish: 10 activities that run, 3 bursts.</summary>
    private static string Definition()
    {
        static JsonObject A(string id, string type, params (string, string, string)[] inputs)
        {
            var a = new JsonObject { ["id"] = id, ["type"] = type };
            foreach (var (name, kind, value) in inputs)
            {
                a[name] = new JsonObject { ["expression"] = new JsonObject { ["type"] = kind, ["value"] = value } };
            }

            return a;
        }

        static (string, string, string) L(string name, string value) => (name, "Literal", value);
        var activities = new[]
        {
            A("start", "Elsa.Start"),
            A("s1", "Elsa.SetVariable", L("variable", "a"), ("value", "JavaScript", "1")),
            A("s2", "Elsa.SetVariable", L("variable", "b"), ("value", "JavaScript", "variables.a + 1")),
            A("w1", "TaskRouting.WaitForEvent", L("eventName", "first"), ("correlationKey", "JavaScript", "instanceId")),
            A("s3", "Elsa.SetVariable", L("variable", "c"), L("value", "3")),
            A("d", "Elsa.Decision", ("condition", "JavaScript", "variables.b == 2")),
            A("w2", "TaskRouting.WaitForEvent", L("eventName", "second"), ("correlationKey", "JavaScript", "instanceId")),
            A("s4", "Elsa.SetVariable", L("variable", "d"), L("value", "4")),
            A("s5", "Elsa.SetVariable", L("variable", "e"), L("value", "5")),
            A("end", "Elsa.Finish"),
        };
        var chain = new[] { ("start", "Done", "s1"), ("s1", "Done", "s2"), ("s2", "Done", "w1"), ("w1", "Done", "s3"), ("s3", "Done", "d"),
            ("d", "True", "w2"), ("w2", "Done", "s4"), ("s4", "Done", "s5"), ("s5", "Done", "end") };
        return new JsonObject
        {
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart",
                ["activities"] = new JsonArray(activities.Select(a => (JsonNode?)a).ToArray()),
                ["connections"] = new JsonArray(chain.Select(c => (JsonNode?)new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = c.Item1, ["port"] = c.Item2 },
                    ["target"] = new JsonObject { ["activity"] = c.Item3, ["port"] = "In" },
                }).ToArray()),
            },
        }.ToJsonString();
    }

    private static async Task<string> PublishAsync(ServiceProvider provider)
    {
        await using var scope = provider.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>()
            .SaveAsync("bench", null, "bench", null, Definition(), publish: true, "bench", null, CancellationToken.None);
        return result.Succeeded ? result.Record!.DefinitionId : throw new InvalidOperationException(string.Join("; ", result.Errors));
    }

    private static async Task WarmUpAsync(ServiceProvider provider, string definitionId)
    {
        for (var i = 0; i < 20; i++)
        {
            await RunOneAsync(provider, definitionId, null);
        }
    }

    /// <summary>One instance to completion: start, resume the first wait, resume the second. Returns the steps run.</summary>
    private static async Task<int> RunOneAsync(ServiceProvider provider, string definitionId, List<double>? latencies)
    {
        var steps = 0;
        string? bookmark = null;
        for (var burst = 0; burst < 3; burst++)
        {
            var clock = Stopwatch.StartNew();
            await using var scope = provider.CreateAsyncScope();
            var instances = scope.ServiceProvider.GetRequiredService<WorkflowInstances>();
            var result = burst == 0
                ? await instances.StartAsync("bench", definitionId, null, null, "bench", null, CancellationToken.None)
                : await instances.ResumeAsync(bookmark!, null, "bench", null, CancellationToken.None);
            if (result.Outcome != InstanceOutcome.Applied)
            {
                throw new InvalidOperationException($"burst {burst} was not applied: {result.Reason}");
            }

            latencies?.Add(clock.Elapsed.TotalMilliseconds);
            steps += result.Burst!.Journal.Count(j => j.Event == TaskRouting.Workflows.Runtime.Execution.JournalEvent.Completed);
            bookmark = result.Burst.AddedBookmarks.FirstOrDefault()?.Id;
        }

        return steps;
    }

    private static async Task<(TimeSpan Elapsed, List<double> Bursts, long Steps)> RunInstancesAsync(ServiceProvider provider, string definitionId, int instances, int workers)
    {
        var remaining = instances;
        var latencies = new List<double>[workers];
        var steps = new long[workers];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            latencies[w] = [];
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                steps[w] += await RunOneAsync(provider, definitionId, latencies[w]);
            }
        })));
        return (clock.Elapsed, latencies.SelectMany(l => l).ToList(), steps.Sum());
    }

    /// <summary>PostgreSQL's ceiling: one-row INSERTs, each its own committed transaction, from the same client library.</summary>
    private static async Task<double> CeilingAsync(string connectionString, int transactions, int workers)
    {
        await ExecuteAsync(connectionString, "CREATE TABLE IF NOT EXISTS bench_ceiling (id bigserial PRIMARY KEY, v text NOT NULL)");
        var remaining = transactions;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("INSERT INTO bench_ceiling (v) VALUES ($1)", connection) { Parameters = { new() { Value = "x" } } };
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await command.ExecuteNonQueryAsync();
            }
        })));
        return transactions / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Suspended instances live in the database, not in memory: the managed heap must not grow with their number.</summary>
    private static async Task<bool> SuspendedMemoryAsync(ServiceProvider provider, string definitionId, int count, int workers)
    {
        const double LimitMegabytes = 50;
        var before = Heap();
        var remaining = count;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await using var scope = provider.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<WorkflowInstances>().StartAsync("bench", definitionId, null, null, "bench", null, CancellationToken.None);
            }
        })));
        var created = clock.Elapsed;
        var after = Heap();
        var growth = (after - before) / 1024.0 / 1024.0;
        var met = growth < LimitMegabytes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"suspended instances: {count} created in {created.TotalSeconds:0.0} s ({count / created.TotalSeconds:0}/s); managed heap {before / 1048576.0:0.0} MB before, {after / 1048576.0:0.0} MB after: growth {growth:0.0} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"goal: heap growth with {count} suspended instances under {LimitMegabytes:0} MB -> {growth:0.0} MB: {(met ? "MET" : "MISSED")}"));
        return met;
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
