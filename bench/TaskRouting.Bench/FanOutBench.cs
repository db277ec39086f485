using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using TaskRouting.Activities.Approval;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Contracts.Dispatch;
using TaskRouting.Server.Data;
using TaskRouting.Server.Hosting;
using TaskRouting.Workflows.Runtime;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Bench;

/// <summary>
/// Dispatch at city and national scale, end to end on the real PostgreSQL and RabbitMQ: one admitted item is
/// dispatched by the shipped dispatch activity to N communities (the dispatch records and N DispatchTask messages
/// commit in one transaction, set-based, and leave through the outbox), the in-process street gateway stores each task
/// and acknowledges receipt (AcknowledgeOnReceipt, one TasksAcknowledged per batch), and the clock stops when the
/// central side has recorded all N acknowledgements. In the same run, on the same broker, raw MassTransit publishes N
/// messages of the same shape to a quorum queue with publisher confirms (batches of the relay's size, with one batch
/// in flight and with as many as the relay's lanes) and consumes them; the faster shape is the ceiling to compare
/// with. A warm-up round of each, not counted, runs first.
/// </summary>
internal static class FanOutBench
{
    private const double GoalRatio = 0.7;
    private const int WarmUpSize = 500;

    /// <summary>The relay's defaults (<c>Messaging:OutboxBatchSize</c>, <c>Messaging:RelayConcurrency</c>), which raw MassTransit publishes with too.</summary>
    private static readonly int Batch = new TaskRouting.Messaging.MessagingOptions().OutboxBatchSize;

    private static readonly int Lanes = new TaskRouting.Messaging.MessagingOptions().RelayConcurrency;
    private static readonly Dictionary<int, double> GoalSeconds = new() { [3_200] = 2, [100_000] = 60 };

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = (Value(args, "--communities") ?? "3200,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var runs = int.Parse(Value(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        // For profiling the platform's side alone (e.g. under dotnet-trace): no raw runs, so no ratio and no verdict.
        var measureRaw = !args.Contains("--no-raw");
        var postgres = Environment.GetEnvironmentVariable("TASKROUTING_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("TASKROUTING_TEST_POSTGRES");
        var rabbit = Environment.GetEnvironmentVariable("TASKROUTING_BENCH_RABBITMQ") ?? Environment.GetEnvironmentVariable("TASKROUTING_TEST_RABBITMQ");
        var management = Environment.GetEnvironmentVariable("TASKROUTING_BENCH_RABBITMQ_MANAGEMENT") ?? Environment.GetEnvironmentVariable("TASKROUTING_TEST_RABBITMQ_MANAGEMENT");
        if (string.IsNullOrEmpty(postgres) || string.IsNullOrEmpty(rabbit) || string.IsNullOrEmpty(management))
        {
            Console.Error.WriteLine("Set TASKROUTING_BENCH_POSTGRES, _RABBITMQ and _RABBITMQ_MANAGEMENT (or source /tmp/taskrouting-services/env.sh after scripts/services.sh start)");
            return 2;
        }

        var name = "tr_fanout_" + Guid.NewGuid().ToString("N")[..10];
        await ExecuteAsync(postgres, $"CREATE DATABASE {name}");
        await VirtualHostAsync(management, name, create: true);
        var connectionString = new NpgsqlConnectionStringBuilder(postgres) { Database = name, MaxPoolSize = 40 }.ConnectionString;
        var amqp = new UriBuilder(rabbit) { Path = "/" + name }.Uri;
        var data = Directory.CreateTempSubdirectory("tr-fanout-");
        try
        {
            Console.WriteLine("benchmark: dispatch fan-out, end to end until every acknowledgement is recorded centrally, against raw MassTransit on the same broker");
            Console.WriteLine(Machine.Describe());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"settings: communities {string.Join(", ", sizes)}; {runs} runs each; PostgreSQL database {name}; RabbitMQ vhost /{name}"));
            await using var app = await StartServerAsync(connectionString, amqp, data.FullName);
            // One more group of communities for a warm-up round that is not counted: the first dispatch of a process
            // pays for JIT compilation and connection pools, which is start-up cost, not throughput.
            await SeedCommunitiesAsync(connectionString, [.. sizes, WarmUpSize]);
            var definitionId = await PublishDispatchOnlyAsync(app.Services);
            var warmUp = Stopwatch.StartNew();
            await RawMassTransitAsync(amqp, WarmUpSize, 1);
            await RawMassTransitAsync(amqp, WarmUpSize, Lanes);
            await DispatchAsync(app.Services, connectionString, definitionId, WarmUpSize, (char)('A' + sizes.Length), quiet: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {WarmUpSize} communities end to end and raw, not counted ({warmUp.Elapsed.TotalSeconds:0.00} s)"));
            var failed = false;
            foreach (var (size, group) in sizes.Select((s, i) => (s, (char)('A' + i))))
            {
                var endToEnd = new List<double>();
                var rawOneLane = new List<double>();
                var rawLanes = new List<double>();
                var cpuEndToEnd = new List<CpuReading>();
                var cpuRaw = new List<CpuReading>();
                for (var run = 1; run <= runs; run++)
                {
                    rawOneLane.Add(measureRaw ? await RawMassTransitAsync(amqp, size, 1) : double.NaN);
                    rawLanes.Add(measureRaw ? await RawMassTransitAsync(amqp, size, Lanes, cpuRaw) : double.NaN);
                    endToEnd.Add(await DispatchAsync(app.Services, connectionString, definitionId, size, group, cpu: cpuEndToEnd));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {size} communities, run {run}: end to end {endToEnd[^1]:0.00} s ({size / endToEnd[^1]:0} msg/s), raw MassTransit {rawOneLane[^1]:0.00} s with one batch in flight, {rawLanes[^1]:0.00} s with {Lanes}"));
                    Console.WriteLine($"    end to end: {cpuEndToEnd[^1]}" + (measureRaw ? $"; raw with {Lanes} in flight: {cpuRaw[^1]}" : ""));
                }

                var e2e = Median(endToEnd);
                if (!measureRaw)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size} communities: median end to end {e2e:0.00} s = {size / e2e:0} msg/s; raw MassTransit not measured (--no-raw), no verdict"));
                    continue;
                }

                // The ceiling is the faster of the two raw shapes: the comparison never flatters the platform.
                var ceiling = Math.Min(Median(rawOneLane), Median(rawLanes));
                var ratio = ceiling / e2e;
                var goal = GoalSeconds.GetValueOrDefault(size, double.NaN);
                var met = (double.IsNaN(goal) || e2e < goal) && ratio >= GoalRatio;
                failed |= !met;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{size} communities: median end to end {e2e:0.00} s = {size / e2e:0} msg/s; raw MassTransit {ceiling:0.00} s = {size / ceiling:0} msg/s; ratio {ratio:0.00}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  goal: {(double.IsNaN(goal) ? "none for this size" : $"under {goal:0} s")} and ratio >= {GoalRatio:0.0}: {(met ? "met" : "NOT met")}"));
            }

            await app.StopAsync();

            return failed ? 1 : 0;
        }
        finally
        {
            await ExecuteAsync(postgres, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await VirtualHostAsync(management, name, create: false);
            data.Delete(recursive: true);
        }
    }

    /// <summary>The real server, in this process, on the bench's database and vhost; Hangfire off (nothing here waits for a timer).</summary>
    private static async Task<WebApplication> StartServerAsync(string connectionString, Uri amqp, string dataDirectory)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TaskRouting:Mode"] = "Embedded",
            ["TaskRouting:DataDirectory"] = dataDirectory,
            ["TaskRouting:Storage:Provider"] = "PostgreSql",
            ["TaskRouting:Storage:ConnectionString"] = connectionString,
            ["TaskRouting:Messaging:Transport"] = "RabbitMq",
            ["TaskRouting:Messaging:RabbitMqUri"] = amqp.ToString(),
            ["TaskRouting:Jobs:RunServer"] = "false",
            ["TaskRouting:Streets:AcknowledgeOnReceipt"] = "true",
            ["TaskRouting:Security:RequireHttpsCookies"] = "false",
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "None",
            ["urls"] = "http://127.0.0.1:0",
        });
        builder.AddTaskRoutingServer();
        var app = builder.Build();
        app.MapTaskRoutingServer();
        await app.StartAsync();
        return app;
    }

    /// <summary>District DX with one department, and streets of 100 communities each, one group per size (codes DXA…, DXB…, in the order of the sizes), copied in with COPY.</summary>
    private static async Task SeedCommunitiesAsync(string connectionString, int[] sizes)
    {
        await ExecuteAsync(connectionString, """
            INSERT INTO districts ("Code", "NameZh", "NameEn", "CreatedAt") VALUES ('DX', '压测区', 'Bench district', now());
            INSERT INTO departments ("Code", "DistrictCode", "NameZh", "NameEn", "CreatedAt") VALUES ('DX-JY', 'DX', '教育局', 'Education Bureau', now());
            """);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var group = 0; group < sizes.Length; group++)
        {
            var prefix = $"DX{(char)('A' + group)}";
            var streets = (sizes[group] + 99) / 100;
            await using (var copy = await connection.BeginBinaryImportAsync("COPY streets (\"Code\", \"DistrictCode\", \"NameZh\", \"NameEn\", \"CreatedAt\") FROM STDIN (FORMAT BINARY)"))
            {
                for (var s = 0; s < streets; s++)
                {
                    await copy.WriteRowAsync(default, $"{prefix}{s:0000}", "DX", $"压测街道 {s}", $"Bench street {s}", DateTimeOffset.UnixEpoch);
                }

                await copy.CompleteAsync();
            }

            await using (var copy = await connection.BeginBinaryImportAsync("COPY communities (\"Code\", \"DistrictCode\", \"StreetCode\", \"NameZh\", \"NameEn\", \"CreatedAt\") FROM STDIN (FORMAT BINARY)"))
            {
                for (var c = 0; c < sizes[group]; c++)
                {
                    await copy.WriteRowAsync(default, $"{prefix}{c / 100:0000}{c % 100:00}", "DX", $"{prefix}{c / 100:0000}", $"压测社区 {c}", $"Bench community {c}", DateTimeOffset.UnixEpoch);
                }

                await copy.CompleteAsync();
            }
        }
    }

    /// <summary>A flowchart holding only the shipped dispatch activity, so each run starts at the dispatch step.</summary>
    private static async Task<string> PublishDispatchOnlyAsync(IServiceProvider services)
    {
        var json = new JsonObject
        {
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart",
                ["activities"] = new JsonArray(
                    new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start" },
                    new JsonObject { ["id"] = "dispatch", ["type"] = "TaskRouting.Admission.Dispatch" },
                    new JsonObject { ["id"] = "end", ["type"] = "Elsa.Finish" }),
                ["connections"] = new JsonArray(
                    new JsonObject { ["source"] = new JsonObject { ["activity"] = "start", ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = "dispatch", ["port"] = "In" } },
                    new JsonObject { ["source"] = new JsonObject { ["activity"] = "dispatch", ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = "end", ["port"] = "In" } }),
            },
        }.ToJsonString();
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>().SaveAsync("DX", null, "bench-dispatch", null, json, publish: true, "bench", null, CancellationToken.None);
        return result.Succeeded ? result.Record!.DefinitionId : throw new InvalidOperationException(string.Join("; ", result.Errors));
    }

    /// <summary>One admitted item (application and plan-list entry), dispatched to one size's communities; seconds until all are acknowledged centrally.</summary>
    private static int s_sequence;

    private static async Task<double> DispatchAsync(IServiceProvider services, string connectionString, string definitionId, int size, char group, bool quiet = false, List<CpuReading>? cpu = null)
    {
        var streets = Enumerable.Range(0, (size + 99) / 100).Select(s => $"DX{group}{s:0000}").ToList();
        var id = Guid.NewGuid();
        var sequence = Interlocked.Increment(ref s_sequence);
        var number = $"DX-2026-H2-{sequence:000}";
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TaskRoutingDbContext>();
            var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            var now = time.GetUtcNow();
            db.Add(new Application
            {
                Id = id, District = "DX", Department = "DX-JY", Title = $"压测事项 {size}", Description = "基准测试下派 / benchmark dispatch", LegalBasis = "bench",
                WholeDistrict = false, TargetStreets = streets, StartDate = new DateOnly(2026, 7, 1), DurationMonths = 6, WorkloadHoursPerMonth = 2, FundingPerCommunity = 100,
                Stage = ApplicationStage.Funding, StageSince = now, AdmissionNumber = number, CreatedBy = "bench", CreatedAt = now, UpdatedAt = now,
            });
            db.Add(new PlanListEntry
            {
                Number = number, District = "DX", Year = 2026, Series = "H2", Sequence = sequence, ApplicationId = id, Title = $"压测事项 {size}", Department = "DX-JY",
                StartDate = new DateOnly(2026, 7, 1), DurationMonths = 6, AdmittedAt = now, ApprovedBy = "bench", Status = PlanEntryStatus.InForce, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        var before = CpuReading.Now();
        var clock = Stopwatch.StartNew();
        var startedAt = TimeProvider.System.GetUtcNow();
        await using (var scope = services.CreateAsyncScope())
        {
            var started = await scope.ServiceProvider.GetRequiredService<WorkflowInstances>()
                .StartAsync("DX", definitionId, new JsonObject { ["applicationId"] = id.ToString() }, null, "bench", null, CancellationToken.None);
            if (started.Outcome != InstanceOutcome.Applied)
            {
                throw new InvalidOperationException($"the dispatch did not start: {started.Reason}");
            }
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Counting 100,000 dispatch rows takes PostgreSQL 25-40 ms: polled all along it would take a third of a core
        // from the system under test on this 2-core machine (the raw runs wait on a completion source, for free).
        // The probe reads instead the audit entries the central side writes with each batch of acknowledgements, in
        // the same transaction ({"status":…,"count":N,…}, a few hundred rows on an index); the count confirms the end.
        var pollEvery = TimeSpan.FromMilliseconds(size <= 10_000 ? 20 : 50);
        await using var probe = new NpgsqlCommand($"""
            SELECT coalesce(sum(substring("After" from '"count":([0-9]+)')::int), 0) FROM audit_entries
            WHERE "EntityType" = 'dispatches' AND "EntityId" = '{id}' AND "Action" = 'dispatch.acknowledge'
            """, connection);
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM adm_dispatches WHERE \"ApplicationId\" = '{id}' AND \"Status\" = 'Acknowledged'", connection);
        while ((long)(await probe.ExecuteScalarAsync())! < size || (long)(await count.ExecuteScalarAsync())! < size)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"{size} acknowledgements not recorded within 10 minutes");
            }

            await Task.Delay(pollEvery);
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        cpu?.Add(CpuReading.Now() - before);
        if (!quiet)
        {
            await PrintStagesAsync(connection, startedAt);
        }

        return elapsed;
    }

    /// <summary>Raw MassTransit: N messages published with confirms in batches of 500 (<paramref name="lanes"/> batches in flight) to a quorum queue and consumed; seconds until the last is consumed.</summary>
    private static async Task<double> RawMassTransitAsync(Uri amqp, int size, int lanes, List<CpuReading>? cpu = null)
    {
        var consumed = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(amqp, h => h.PublisherConfirmation = true);
            cfg.ReceiveEndpoint("bench-raw", e =>
            {
                e.SetQuorumQueue();
                e.PrefetchCount = 1000;
                e.Handler<RawDispatch>(_ =>
                {
                    if (Interlocked.Increment(ref consumed) == size)
                    {
                        done.TrySetResult();
                    }

                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        try
        {
            var now = DateTimeOffset.UnixEpoch;
            var before = CpuReading.Now();
            var clock = Stopwatch.StartNew();
            // The relay's shape: batches of 500 whose confirms are awaited together, `lanes` batches in flight.
            var next = -Batch;
            await Task.WhenAll(Enumerable.Range(0, lanes).Select(async _ =>
            {
                for (var start = Interlocked.Add(ref next, Batch); start < size; start = Interlocked.Add(ref next, Batch))
                {
                    await Task.WhenAll(Enumerable.Range(start, Math.Min(Batch, size - start)).Select(i => bus.Publish(new RawDispatch(new DispatchTask
                    {
                        DispatchId = Guid.NewGuid(), ApplicationId = Guid.Empty, AdmissionNumber = "DX-2026-H2-001", District = "DX", Street = "DX01", Community = $"C{i}",
                        Department = "DX-JY", Title = "压测事项", Description = "基准测试下派 / benchmark dispatch", WorkloadHoursPerMonth = 2, Funding = 100, AcknowledgeBy = now, DispatchedAt = now,
                    }))));
                }
            }));

            await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
            var elapsed = clock.Elapsed.TotalSeconds;
            cpu?.Add(CpuReading.Now() - before);
            return elapsed;
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>Where the time went, from the rows' own timestamps (seconds after the start).</summary>
    private static async Task PrintStagesAsync(NpgsqlConnection connection, DateTimeOffset startedAt)
    {
        var stages = new (string Name, string Sql)[]
        {
            ("dispatches published", "SELECT max(\"SentAt\") FROM msg_outbox WHERE \"CreatedAt\" >= @t"),
            ("first stored in gateway", "SELECT min(\"ReceivedAt\") FROM gw_tasks WHERE \"ReceivedAt\" >= @t"),
            ("all stored in gateway", "SELECT max(\"ReceivedAt\") FROM gw_tasks WHERE \"ReceivedAt\" >= @t"),
            ("acknowledgements published", "SELECT max(\"SentAt\") FROM gw_outbox WHERE \"CreatedAt\" >= @t"),
            ("all recorded centrally", "SELECT max(\"ProcessedAt\") FROM msg_inbox WHERE \"ProcessedAt\" >= @t"),
        };
        var parts = new List<string>();
        foreach (var (name, sql) in stages)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("t", startedAt);
            var value = await command.ExecuteScalarAsync();
            parts.Add(value is DateTime at ? string.Create(CultureInfo.InvariantCulture, $"{name} {(new DateTimeOffset(at, TimeSpan.Zero) - startedAt).TotalSeconds:0.00} s") : $"{name} -");
        }

        // The gateway acknowledges each stored batch with one message: their number tells the batches' size.
        await using (var batches = new NpgsqlCommand($"SELECT count(*) FROM gw_outbox WHERE \"CreatedAt\" >= @t AND \"MessageType\" = '{typeof(TasksAcknowledged).FullName}'", connection))
        {
            batches.Parameters.AddWithValue("t", startedAt);
            parts.Add($"gateway batches {await batches.ExecuteScalarAsync()}");
        }

        Console.WriteLine("    stages: " + string.Join("; ", parts));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A vhost of its own, so the bench neither sees nor leaves messages in the test suite's queues.</summary>
    private static async Task VirtualHostAsync(string management, string vhost, bool create)
    {
        var uri = new Uri(management);
        using var http = new HttpClient { BaseAddress = new Uri(uri.GetLeftPart(UriPartial.Authority)) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo))));
        if (create)
        {
            (await http.PutAsync($"/api/vhosts/{vhost}", new StringContent("{}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
            (await http.PutAsync($"/api/permissions/{vhost}/{user}", new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }
        else
        {
            await http.DeleteAsync($"/api/vhosts/{vhost}");
        }
    }
}

/// <summary>
/// The raw baseline's message: the very DispatchTask, wrapped so that it travels on an exchange and queue of its own
/// (the server's DispatchTask exchange is a topic exchange; a plain bus would declare it as fanout).
/// </summary>
internal sealed record RawDispatch(DispatchTask Task);
