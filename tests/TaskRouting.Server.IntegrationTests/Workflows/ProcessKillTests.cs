using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TaskRouting.Server.IntegrationTests.Infrastructure;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.IntegrationTests.Workflows;

/// <summary>A server process killed (SIGKILL) while it commits bursts leaves nothing half-written and every instance resumable.</summary>
public sealed class ProcessKillTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("tr-kill-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private ServerProcess StartServer(string connectionString, int port) => ServerProcess.Start(new Dictionary<string, string>
    {
        ["TaskRouting__Mode"] = "Production",
        ["TaskRouting__DataDirectory"] = _dataDirectory,
        ["TaskRouting__Storage__Provider"] = "PostgreSql",
        ["TaskRouting__Storage__ConnectionString"] = connectionString,
        ["TaskRouting__Messaging__Transport"] = "RabbitMq",
        ["TaskRouting__Messaging__RabbitMqUri"] = TestEnvironment.RabbitMq,
        ["TaskRouting__Bootstrap__AdminUserName"] = TaskRoutingFactory.AdminUserName,
        ["TaskRouting__Bootstrap__AdminPassword"] = TaskRoutingFactory.AdminPassword,
        ["TaskRouting__Security__RequireHttpsCookies"] = "false",
    }, port);

    private static async Task<HttpClient> LoginAsync(int port, string userName, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        (await client.PostAsJsonAsync("/api/auth/login", new { userName, password })).EnsureSuccessStatusCode();
        return client;
    }

    [Fact]
    public async Task Kill_DuringBursts_LeavesEveryInstanceConsistentAndResumable()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var port = ServerProcess.FreePort();
        var instanceIds = new List<string>();
        await using (var server = StartServer(database.ConnectionString, port))
        {
            Assert.True(await server.WaitForReadyAsync(TimeSpan.FromSeconds(60)), server.StandardError);
            using var admin = await LoginAsync(port, TaskRoutingFactory.AdminUserName, TaskRoutingFactory.AdminPassword);
            using var csv = new StringContent("type,code,name_zh,name_en,district,street\ndistrict,DK,测试区,Test District,,\n", System.Text.Encoding.UTF8, "text/csv");
            (await admin.PostAsync("/api/organisation/import", csv)).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync("/api/users", new { userName = "designer-k", displayName = "d", password = ProductionServerFixture.Password, roles = new[] { "designer" }, district = "DK" })).EnsureSuccessStatusCode();
            using var designer = await LoginAsync(port, "designer-k", ProductionServerFixture.Password);
            var definition = FlowJson.Flowchart(
                [
                    FlowJson.Activity("start", "Elsa.Start"),
                    FlowJson.Activity("a", "TaskRouting.WaitForEvent", ("eventName", "Literal", "a"), ("correlationKey", "JavaScript", "input.key")),
                    FlowJson.Activity("count", "Elsa.SetVariable", ("variable", "Literal", "seen"), ("value", "JavaScript", "(variables.seen || 0) + 1")),
                    FlowJson.Activity("b", "TaskRouting.WaitForEvent", ("eventName", "Literal", "b"), ("correlationKey", "JavaScript", "input.key")),
                    FlowJson.Activity("end", "Elsa.Finish"),
                ],
                [FlowJson.Connection("start", "Done", "a"), FlowJson.Connection("a", "Done", "count"), FlowJson.Connection("count", "Done", "b"), FlowJson.Connection("b", "Done", "end")]);
            var saved = await designer.PostAsJsonAsync("/api/workflows/definitions", new { name = "kill", publish = true, definition });
            var definitionId = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("definitionId").GetString();
            for (var i = 0; i < 150; i++)
            {
                var started = await designer.PostAsJsonAsync("/api/workflows/instances", new { definitionId, input = new { key = $"k{i}" } });
                instanceIds.Add((await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            }

            // Eight clients deliver events as fast as they can; the process is killed in the middle of it.
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = w; !stop.IsCancellationRequested; i = (i + 8) % 150)
                {
                    try
                    {
                        await admin.PostAsJsonAsync("/api/workflows/events", new { name = i % 2 == 0 ? "a" : "b", correlationKey = $"k{i}" }, stop.Token);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                    {
                        // The server died under us: that is the point.
                    }
                }
            })).ToList();
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            server.Process.Kill(entireProcessTree: true);
            await server.Process.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }

        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE \"Revision\" > 1") > 0, "no burst ran before the kill");
        await AssertConsistentAsync(database, instanceIds);

        // Restarted, the same server finishes every instance.
        await using (var again = StartServer(database.ConnectionString, port))
        {
            Assert.True(await again.WaitForReadyAsync(TimeSpan.FromSeconds(60)), again.StandardError);
            using var admin = await LoginAsync(port, TaskRoutingFactory.AdminUserName, TaskRoutingFactory.AdminPassword);
            for (var i = 0; i < 150; i++)
            {
                (await admin.PostAsJsonAsync("/api/workflows/events", new { name = "a", correlationKey = $"k{i}" })).EnsureSuccessStatusCode();
                (await admin.PostAsJsonAsync("/api/workflows/events", new { name = "b", correlationKey = $"k{i}" })).EnsureSuccessStatusCode();
            }
        }

        Assert.Equal(150L, await database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances WHERE \"Status\" = 'Finished'"));
        await AssertConsistentAsync(database, instanceIds);
    }

    /// <summary>Every committed burst is whole: state, bookmark rows, journal and revision agree for every instance.</summary>
    private static async Task AssertConsistentAsync(PostgresDatabase database, IReadOnlyList<string> instanceIds)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var id in instanceIds)
        {
            string stateJson;
            long revision;
            await using (var command = new Npgsql.NpgsqlCommand("SELECT \"StateJson\", \"Revision\" FROM workflow_instances WHERE \"Id\" = $1", connection) { Parameters = { new() { Value = id } } })
            await using (var reader = await command.ExecuteReaderAsync())
            {
                Assert.True(await reader.ReadAsync(), $"instance {id} is missing");
                stateJson = reader.GetString(0);
                revision = reader.GetInt64(1);
            }

            var state = StateSerializer.Deserialize(stateJson);
            var rows = new List<string>();
            await using (var command = new Npgsql.NpgsqlCommand("SELECT \"Id\" FROM workflow_bookmarks WHERE \"InstanceId\" = $1", connection) { Parameters = { new() { Value = id } } })
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add(reader.GetString(0));
                }
            }

            Assert.Equal(state.Bookmarks.Select(b => b.Id).Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
            var journal = new List<JournalRecord>();
            await using (var command = new Npgsql.NpgsqlCommand("SELECT \"Sequence\", \"LastSequence\", \"EntriesJson\" FROM workflow_journal WHERE \"InstanceId\" = $1 ORDER BY \"Sequence\"", connection) { Parameters = { new() { Value = id } } })
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    journal.Add(new JournalRecord { InstanceId = id, Sequence = reader.GetInt64(0), LastSequence = reader.GetInt64(1), Actor = "", EntriesJson = reader.GetString(2) });
                }
            }

            // One journal row per committed burst, one revision per committed burst, and no gap in the lines.
            Assert.Equal(revision, journal.Count);
            var lines = JournalRecords.Entries(journal).Select(e => e.Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, (int)state.JournalSequence).Select(i => (long)i), lines);
        }
    }
}
