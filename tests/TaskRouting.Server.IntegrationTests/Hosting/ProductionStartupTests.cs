using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using TaskRouting.Server.Hosting;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Hosting;

public class ProductionStartupTests
{
    [Fact]
    public async Task Start_ProductionMode_ReadyReportsPostgresAndRabbitMq()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var factory = TaskRoutingFactory.Production(database.ConnectionString);

        var ready = await factory.WaitUntilReadyAsync();

        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        Assert.Contains("Npgsql", checks["database"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", checks["broker"].GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["jobs"].GetProperty("status").GetString());
        // Hangfire keeps its jobs in PostgreSQL in production.
        Assert.True(await database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM information_schema.schemata WHERE schema_name = 'hangfire')"));
    }

    [Fact]
    public async Task Start_ProductionMode_SeedsNoDemoAccountsAndCreatesTheBootstrapAdmin()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var factory = TaskRoutingFactory.Production(database.ConnectionString);
        await factory.WaitUntilReadyAsync();

        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM users WHERE \"IsDemo\""));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM districts"));
        using var admin = await factory.LoginAsync(TaskRoutingFactory.AdminUserName, TaskRoutingFactory.AdminPassword);
        var me = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/me");
        Assert.Equal("admin", me.GetProperty("roles")[0].GetString());
    }

    [Fact]
    public async Task Start_ProductionOnDatabaseWithDemoAccounts_RefusesToStart()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var data = Directory.CreateTempSubdirectory("tr-demo-").FullName;
        try
        {
            // A database that once ran the embedded default (demo accounts seeded) must never become production.
            await using (var embedded = TaskRoutingFactory.Embedded(data, new Dictionary<string, string?>
            {
                ["TaskRouting:Storage:Provider"] = "PostgreSql",
                ["TaskRouting:Storage:ConnectionString"] = database.ConnectionString,
            }))
            {
                await embedded.WaitUntilReadyAsync();
            }

            await using var production = TaskRoutingFactory.Production(database.ConnectionString);
            var error = Assert.Throws<StartupException>(() => production.CreateClient());
            Assert.Contains("demo accounts", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "TaskRouting:Storage:Provider", "Sqlite", "TaskRouting:Storage:Provider must be PostgreSql" },
        { "TaskRouting:Messaging:RabbitMqUri", "", "TaskRouting:Messaging:RabbitMqUri is required" },
        { "TaskRouting:Messaging:RabbitMqUri", "http://localhost:5672", "TaskRouting:Messaging:RabbitMqUri must be an amqp://" },
        { "TaskRouting:Jobs:WorkerCount", "0", "WorkerCount" },
        { "TaskRouting:Bootstrap:AdminPassword", "short", "TaskRouting:Bootstrap:AdminPassword must have at least 12 characters" },
        { "TaskRouting:Telemetry:Exporter", "Otlp", "TaskRouting:Telemetry:OtlpEndpoint" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Start_BadSetting_FailsWithAMessageNamingIt(string key, string value, string expected)
    {
        await using var factory = TaskRoutingFactory.Production("Host=127.0.0.1;Port=1;Database=none",
            new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownModeValue_FailsNamingTheSetting()
    {
        await using var factory = TaskRoutingFactory.Production("Host=127.0.0.1;Port=1;Database=none",
            new Dictionary<string, string?> { ["TaskRouting:Mode"] = "Prod" });

        var error = Assert.ThrowsAny<InvalidOperationException>(() => factory.CreateClient());

        Assert.Contains("TaskRouting:Mode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnreachableDatabase_FailsAfterBoundedRetriesNamingTheSetting()
    {
        await using var factory = TaskRoutingFactory.Production("Host=127.0.0.1;Port=1;Database=none;Timeout=2",
            new Dictionary<string, string?> { ["TaskRouting:Startup:ConnectAttempts"] = "2", ["TaskRouting:Startup:ConnectDelay"] = "00:00:00.050" });

        var error = Assert.Throws<StartupException>(() => factory.CreateClient());

        Assert.Contains("TaskRouting:Storage:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 2 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnreachableBroker_FailsNamingTheSetting()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var factory = TaskRoutingFactory.Production(database.ConnectionString, new Dictionary<string, string?>
        {
            ["TaskRouting:Messaging:RabbitMqUri"] = "amqp://guest:guest@127.0.0.1:1/",
            ["TaskRouting:Startup:ConnectAttempts"] = "2",
            ["TaskRouting:Startup:ConnectDelay"] = "00:00:00.050",
        });

        var error = Assert.Throws<StartupException>(() => factory.CreateClient());

        Assert.Contains("TaskRouting:Messaging:RabbitMqUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MigrationsOffAndSchemaBehind_RefusesToStart()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var factory = TaskRoutingFactory.Production(database.ConnectionString,
            new Dictionary<string, string?> { ["TaskRouting:Storage:ApplyMigrationsAtStartup"] = "false" });

        var error = Assert.Throws<StartupException>(() => factory.CreateClient());

        Assert.Contains("migrate", error.Message, StringComparison.Ordinal);
    }
}
