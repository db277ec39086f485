using System.ComponentModel.DataAnnotations;

namespace TaskRouting.Server.Hosting;

/// <summary>How the server runs: the embedded default, or production against real servers.</summary>
public enum RunMode
{
    /// <summary>SQLite file, Hangfire in memory, MassTransit in memory, demo data. Nothing to install.</summary>
    Embedded,
    /// <summary>PostgreSQL, Hangfire.PostgreSql and RabbitMQ; no demo accounts.</summary>
    Production,
}

public enum StorageProvider { Sqlite, PostgreSql }

public enum MessageTransport { InMemory, RabbitMq }

public enum TelemetryExporter { None, Console, Otlp }

/// <summary>Settings of section <c>TaskRouting</c> (environment variables: <c>TaskRouting__Mode</c>, …).</summary>
public sealed class ServerOptions
{
    public const string Section = "TaskRouting";

    /// <summary>Embedded (default) or Production.</summary>
    public RunMode Mode { get; set; } = RunMode.Embedded;

    /// <summary>Folder for the SQLite file and demo-credentials.json; relative paths are under the content root. Default <c>data</c>.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    public StorageSettings Storage { get; set; } = new();

    public MessagingSettings Messaging { get; set; } = new();

    public JobSettings Jobs { get; set; } = new();

    public TelemetrySettings Telemetry { get; set; } = new();

    public StartupSettings Startup { get; set; } = new();

    public BootstrapSettings Bootstrap { get; set; } = new();

    public StudioSettings Studio { get; set; } = new();
}

public sealed class StorageSettings
{
    /// <summary>Sqlite (default) or PostgreSql.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The connection string; for SQLite defaults to <c>Data Source={DataDirectory}/taskrouting.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply EF Core migrations at start (default true). Off: run <c>TaskRouting.Server migrate</c> before starting.</summary>
    public bool ApplyMigrationsAtStartup { get; set; } = true;
}

public sealed class MessagingSettings
{
    /// <summary>InMemory (default) or RabbitMq.</summary>
    public MessageTransport Transport { get; set; } = MessageTransport.InMemory;

    /// <summary>The broker, e.g. <c>amqp://user:password@rabbitmq:5672/</c>. Required for RabbitMq.</summary>
    public string? RabbitMqUri { get; set; }
}

public sealed class JobSettings
{
    /// <summary>Hangfire worker threads in this process. Default 5.</summary>
    [Range(1, 100)]
    public int WorkerCount { get; set; } = 5;

    /// <summary>Run a Hangfire server in this process (default true). Off for API-only replicas.</summary>
    public bool RunServer { get; set; } = true;
}

public sealed class TelemetrySettings
{
    /// <summary>None (default), Console or Otlp.</summary>
    public TelemetryExporter Exporter { get; set; } = TelemetryExporter.None;

    /// <summary>The OTLP collector, e.g. <c>http://otel-collector:4317</c>. Required for Otlp.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The service name on traces and metrics. Default <c>taskrouting-server</c>.</summary>
    [Required]
    public string ServiceName { get; set; } = "taskrouting-server";
}

public sealed class StartupSettings
{
    /// <summary>How often to try reaching the database and the broker before giving up. Default 5.</summary>
    [Range(1, 100)]
    public int ConnectAttempts { get; set; } = 5;

    /// <summary>The first delay between attempts; it doubles each time. Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan ConnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Print a start-up failure and exit with code 2 (default true). Hosts that embed the server, such as the
    /// integration tests, set false to receive the exception.
    /// </summary>
    public bool ExitOnFailure { get; set; } = true;
}

/// <summary>Production's first admin, created when no admin exists yet.</summary>
public sealed class BootstrapSettings
{
    public string? AdminUserName { get; set; }

    public string? AdminPassword { get; set; }
}

/// <summary>Where the Elsa Studio bundle (npm <c>@elsa-workflows/elsa-studio-wasm</c>) is served from.</summary>
public sealed class StudioSettings
{
    /// <summary>
    /// The folder holding the bundle's <c>_framework</c> and <c>_content</c>. Unset: <c>studio/</c> beside the
    /// server's binaries (a published server), else <c>Studio/node_modules/@elsa-workflows/elsa-studio-wasm</c> under
    /// the content root (a source checkout, installed by the build with <c>npm ci</c>).
    /// </summary>
    public string? BundlePath { get; set; }
}
