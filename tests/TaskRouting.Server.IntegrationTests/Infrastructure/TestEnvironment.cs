using Npgsql;

namespace TaskRouting.Server.IntegrationTests.Infrastructure;

/// <summary>
/// The real servers the suite talks to, started by <c>scripts/test.sh</c>. Missing variables fail the tests
/// with a message instead of skipping them: a suite that silently skips its integration tests proves nothing.
/// </summary>
internal static class TestEnvironment
{
    public static string Postgres => Require("TASKROUTING_TEST_POSTGRES");

    public static string RabbitMq => Require("TASKROUTING_TEST_RABBITMQ");

    /// <summary>The broker's management API, <c>http://user:password@host:port/</c>.</summary>
    public static string RabbitMqManagement => Require("TASKROUTING_TEST_RABBITMQ_MANAGEMENT");

    /// <summary>Debian's Chromium (Playwright's own browser download does not work here).</summary>
    public static string Chromium => Require("TASKROUTING_TEST_CHROMIUM");

    public static string RepositoryRoot { get; } = FindRoot();

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the suite with `bash scripts/test.sh`, which starts PostgreSQL and RabbitMQ.");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TaskRouting.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find TaskRouting.sln above the test binaries.");
    }
}

/// <summary>A fresh PostgreSQL database for one test or fixture, dropped afterwards.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private PostgresDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var name = "tr_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(TestEnvironment.Postgres))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = name };
        return new PostgresDatabase(name, builder.ConnectionString);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestEnvironment.Postgres);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
