using System.Text.Json.Serialization;
using MassTransit;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using TaskRouting.Messaging;
using TaskRouting.Messaging.Topology;
using TaskRouting.Platform;
using TaskRouting.Streets;
using TaskRouting.Streets.Api;
using TaskRouting.Streets.Data;

namespace TaskRouting.StreetGateway;

/// <summary>
/// The standalone street gateway: the street subsystem's store, consumers and API in their own process, for a street
/// (or a group of streets) that runs its own. It reads the same <c>TaskRouting:Storage</c> and
/// <c>TaskRouting:Messaging</c> keys as the server, plus <c>TaskRouting:Streets</c>; its users are the platform's,
/// authenticated by API key against the platform's tables in the same database.
/// </summary>
public static class GatewayHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var builder = WebApplication.CreateBuilder(args);
            var app = Build(builder);
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (ex is OptionsValidationException or GatewayStartupException)
        {
            await Console.Error.WriteLineAsync($"街道子系统无法启动 / The street gateway cannot start: {ex.Message}");
            return 2;
        }
    }

    internal static WebApplication Build(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var provider = configuration["TaskRouting:Storage:Provider"] ?? "PostgreSql";
        var connectionString = configuration["TaskRouting:Storage:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new GatewayStartupException("TaskRouting:Storage:ConnectionString is required: the database that holds the platform's users and the gateway's tables");
        }

        if (configuration.GetSection(StreetsOptions.Section).Get<StreetsOptions>()?.CentralUrl is null)
        {
            throw new GatewayStartupException("TaskRouting:Streets:CentralUrl is required: the central server, asked about admission numbers the gateway has not seen");
        }

        var messaging = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        services.AddTaskRoutingMessaging(configuration);
        // Before the bus: the store exists before a message arrives.
        services.AddHostedService<GatewayStartup>();
        services.AddMassTransit(x =>
        {
            x.AddStreetGatewayConsumers(configuration);
            x.ConfigureHealthCheckOptions(h =>
            {
                h.Name = "broker";
                h.Tags.Add("ready");
                h.MinimalFailureStatus = HealthStatus.Unhealthy;
            });
            if (messaging.Transport == MessageTransport.RabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    RabbitMqHost.Configure(cfg, context.GetMessagingOptions(), $"street gateway {Environment.MachineName}:{Environment.ProcessId}");
                    cfg.ConfigureStreetGatewayEndpoint(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureStreetGatewayEndpoint(context));
            }
        });
        services.AddStreetGateway(configuration, new StreetsStorage(string.Equals(provider, "PostgreSql", StringComparison.OrdinalIgnoreCase), connectionString));
        services.AddScoped<DbContext>(sp => sp.GetRequiredService<StreetsDbContext>());
        services.AddTaskRoutingPlatform(configuration, production: !builder.Environment.IsDevelopment());
        services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: ["ready"]);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapStreetGateway();
        return app;
    }
}

/// <summary>Ready only while the gateway's database answers.</summary>
internal sealed class DatabaseCheck(StreetsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database unreachable");
}

/// <summary>A start-up failure that names the setting to fix.</summary>
internal sealed class GatewayStartupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reaches the database (bounded retries) and creates or updates the gateway's tables before the bus starts.</summary>
internal sealed class GatewayStartup(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
            MaxRetryAttempts = 5,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromSeconds(1),
        }).Build();
        try
        {
            await retry.ExecuteAsync(async ct => await services.MigrateStreetGatewayAsync(ct), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new GatewayStartupException($"the database cannot be reached or migrated (TaskRouting:Storage:ConnectionString): {ex.Message}", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
