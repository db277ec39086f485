using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using MassTransit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TaskRouting.Activities;
using TaskRouting.Messaging;
using TaskRouting.Messaging.Topology;
using TaskRouting.Platform;
using TaskRouting.Platform.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskRouting.Server.Data;
using TaskRouting.Server.Workflows;
using TaskRouting.Streets;
using TaskRouting.Streets.PlanList;
using TaskRouting.Workflows;
using TaskRouting.Workflows.Runtime;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.Hosting;

/// <summary>The server's one DI entry point.</summary>
public static class ServerHostingExtensions
{
    /// <summary>Registers everything the server runs: storage, jobs, messaging, security, health, OpenAPI, telemetry.</summary>
    public static WebApplicationBuilder AddTaskRoutingServer(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var paths = ServerPaths.From(options, builder.Environment.ContentRootPath);
        var production = options.Mode == RunMode.Production;

        services.AddOptions<ServerOptions>()
            .Bind(builder.Configuration.GetSection(ServerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddSingleton(paths);

        // Runs first among hosted services: database and broker reachable, schema migrated, seed data present.
        services.AddHostedService<StartupTasks>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<ProductionBootstrap>();

        AddStorage(services, options, paths);
        AddJobs(services, options);
        AddMessaging(services, options, paths, builder.Configuration);
        services.AddTaskRoutingPlatform(builder.Configuration, production);
        AddWorkflows(services, builder.Configuration);
        AddHealth(services);
        AddTelemetry(services, options);
        services.AddSingleton<LoginThrottle>();

        services.AddDataProtection().SetApplicationName("TaskRouting").PersistKeysToDbContext<TaskRoutingDbContext>();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    private static void AddWorkflows(IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflowRuntime(configuration);
        services.AddShippedWorkflows();
        services.AddScoped<Workflows.ShippedWorkflowSeeding>();
        // A burst and its audit entries commit in one transaction.
        services.Replace(ServiceDescriptor.Scoped<IWorkflowCommitter, AuditingWorkflowCommitter>());
        services.AddOptions<WorkflowSettings>()
            .Bind(configuration.GetSection(WorkflowSettings.Section))
            .ValidateDataAnnotations()
            .Validate(s => Cronos.CronExpression.TryParse(s.TimerSweepCron, Cronos.CronFormat.IncludeSeconds, out _)
                || Cronos.CronExpression.TryParse(s.TimerSweepCron, out _),
                "TaskRouting:Workflows:TimerSweepCron is not a valid cron expression")
            .ValidateOnStart();
        services.AddTransient<TimerSweepJob>();
        services.AddAdmission(configuration);
        services.AddTransient<AdmissionJobs>();
    }

    private static void AddStorage(IServiceCollection services, ServerOptions options, ServerPaths paths)
    {
        if (options.Storage.Provider == StorageProvider.PostgreSql)
        {
            services.AddDbContextPool<TaskRoutingDbContext, PostgresTaskRoutingDbContext>((sp, o) =>
                o.UseNpgsql(TunedPostgresConnectionString(options.Storage.ConnectionString!)).AddOutboxSignal(sp));
        }
        else
        {
            services.AddDbContextPool<TaskRoutingDbContext, SqliteTaskRoutingDbContext>((sp, o) =>
                o.UseSqlite(paths.SqliteConnectionString(options)).AddOutboxSignal(sp));
        }

        // Platform code works against DbContext so it does not depend on the host's concrete context.
        services.AddScoped<DbContext>(sp => sp.GetRequiredService<TaskRoutingDbContext>());
    }

    /// <summary>
    /// Connection defaults measured to matter for one-transaction-per-burst workloads (docs/benchmarks.md), applied
    /// only where the operator's connection string does not say otherwise: server-side prepared statements for the
    /// repeated commands, and no <c>DISCARD ALL</c> when a connection returns to the pool (TaskRouting keeps no
    /// session state: its advisory locks are transaction-scoped).
    /// </summary>
    public static string TunedPostgresConnectionString(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        if (!given.Contains("MAXAUTOPREPARE", StringComparison.Ordinal))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!given.Contains("NORESETONCLOSE", StringComparison.Ordinal))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    private static void AddJobs(IServiceCollection services, ServerOptions options)
    {
        services.AddHangfire((sp, cfg) =>
        {
            cfg.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (options.Storage.Provider == StorageProvider.PostgreSql)
            {
                cfg.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(options.Storage.ConnectionString),
                    new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true });
            }
            else
            {
                // The embedded default keeps jobs in memory; recurring jobs are re-registered at every start.
                cfg.UseInMemoryStorage(new InMemoryStorageOptions());
            }
        });
        if (options.Jobs.RunServer)
        {
            services.AddHangfireServer(o =>
            {
                // Out-of-range values are reported by validation at start; Hangfire's setter would throw first.
                o.WorkerCount = Math.Max(1, options.Jobs.WorkerCount);
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }
    }

    private static void AddMessaging(IServiceCollection services, ServerOptions options, ServerPaths paths, IConfiguration configuration)
    {
        var gateway = InProcessGateway(configuration);
        services.AddTaskRoutingMessaging(configuration);
        services.AddMassTransit(x =>
        {
            x.AddAdmissionConsumers();
            if (gateway)
            {
                x.AddStreetGatewayConsumers(configuration);
            }

            // The gateway's queue carries its own policy (dead letters in its own store).
            x.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                if (!gateway || name != context.GetRequiredService<IOptions<StreetsOptions>>().Value.ResolvedQueueName)
                {
                    EndpointPolicy.Apply<TaskRoutingDbContext>(endpoint, context, context.GetMessagingOptions());
                }
            });
            x.ConfigureHealthCheckOptions(h =>
            {
                h.Name = "broker";
                h.Tags.Add("ready");
                h.MinimalFailureStatus = HealthStatus.Unhealthy;
            });
            if (options.Messaging.Transport == MessageTransport.RabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    // Validated at start (ServerOptionsValidator); the bus is only created after that.
                    RabbitMqHost.Configure(cfg, context.GetMessagingOptions(), $"server {Environment.MachineName}:{Environment.ProcessId}");
                    if (gateway)
                    {
                        cfg.ConfigureStreetGatewayEndpoint(context);
                    }

                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) =>
                {
                    if (gateway)
                    {
                        cfg.ConfigureStreetGatewayEndpoint(context);
                    }

                    cfg.ConfigureEndpoints(context);
                });
            }
        });

        // After the bus's hosted service, so the relays publish to a started bus.
        services.AddOutboxRelay<TaskRoutingDbContext>();
        services.AddWebhookDelivery<TaskRoutingDbContext>(configuration);
        if (gateway)
        {
            // The gateway asks the central plan list in-process; its store shares the central database.
            services.AddScoped<IPlanListSource, CentralPlanListSource>();
            services.AddStreetGateway(configuration, options.Storage.Provider == StorageProvider.PostgreSql
                ? new StreetsStorage(true, TunedPostgresConnectionString(options.Storage.ConnectionString!))
                : new StreetsStorage(false, paths.SqliteConnectionString(options)));
        }
    }

    /// <summary>True when this server runs the street gateway too (<c>TaskRouting:Streets:InProcess</c>, the default).</summary>
    internal static bool InProcessGateway(IConfiguration configuration) =>
        configuration.GetSection(StreetsOptions.Section).Get<StreetsOptions>()?.InProcess ?? true;

    private static void AddHealth(IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<JobsHealthCheck>("jobs", tags: ["ready"]);
    }

    private static void AddTelemetry(IServiceCollection services, ServerOptions options)
    {
        var telemetry = options.Telemetry;
        if (telemetry.Exporter == TelemetryExporter.None)
        {
            // Nothing would leave the process: no listener at all, so MassTransit and ASP.NET Core create no activities
            // and record no measurements (both cost CPU and allocations on every message and request).
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(telemetry.ServiceName))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                    .AddHttpClientInstrumentation()
                    .AddSource("MassTransit")
                    .AddSource(Telemetry.SourceName);
                if (telemetry.Exporter == TelemetryExporter.Console)
                {
                    t.AddConsoleExporter();
                }
                else if (telemetry.Exporter == TelemetryExporter.Otlp && Uri.TryCreate(telemetry.OtlpEndpoint, UriKind.Absolute, out var endpoint))
                {
                    // A missing or bad endpoint is reported by ServerOptionsValidator at start.
                    t.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("MassTransit")
                    .AddMeter(Telemetry.SourceName);
                if (telemetry.Exporter == TelemetryExporter.Console)
                {
                    m.AddConsoleExporter();
                }
                else if (telemetry.Exporter == TelemetryExporter.Otlp && Uri.TryCreate(telemetry.OtlpEndpoint, UriKind.Absolute, out var endpoint))
                {
                    m.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
    }

    /// <summary>Prints where the server listens once Kestrel has bound its addresses.</summary>
    internal static void LogAddressesWhenStarted(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
            var paths = app.Services.GetRequiredService<ServerPaths>();
            var options = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
            foreach (var address in addresses)
            {
                Console.WriteLine($"TaskRouting 正在监听 / listening on {address}  (mode: {options.Mode}, data: {paths.DataDirectory})");
            }
        });
    }
}
