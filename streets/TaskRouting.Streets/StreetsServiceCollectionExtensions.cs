using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TaskRouting.Contracts.PlanList;
using TaskRouting.Messaging;
using TaskRouting.Messaging.Topology;
using TaskRouting.Streets.Data;
using TaskRouting.Streets.Notices;
using TaskRouting.Streets.PlanList;
using TaskRouting.Streets.Tasks;
using TaskRouting.Streets.Violations;
using TaskRouting.Streets.Voting;

namespace TaskRouting.Streets;

/// <summary>Where the gateway's store lives.</summary>
/// <param name="PostgreSql">PostgreSQL when true, else SQLite.</param>
/// <param name="ConnectionString">The database holding the platform's tables (the central database by default).</param>
public sealed record StreetsStorage(bool PostgreSql, string ConnectionString);

/// <summary>The street gateway's one DI entry point, used by its own host and by the server when it runs the gateway in-process.</summary>
public static class StreetsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway's options, store, services and outbox relay. Call after <c>AddMassTransit</c> (the relay
    /// publishes to a started bus) and after <c>AddTaskRoutingMessaging</c>. A host that can answer plan-list
    /// questions itself registers its <see cref="IPlanListSource"/> first; otherwise the central server is asked over HTTP.
    /// </summary>
    public static IServiceCollection AddStreetGateway(this IServiceCollection services, IConfiguration configuration, StreetsStorage storage)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(storage);
        services.AddOptions<StreetsOptions>()
            .Bind(configuration.GetSection(StreetsOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Serve.All(k => k == "#" || (k.Split('.') is [var d, var s] && d.Length > 0 && s.Length > 0)),
                "TaskRouting:Streets:Serve holds district.street routing keys (e.g. DX.DX01) or # for every street")
            .ValidateOnStart();
        if (storage.PostgreSql)
        {
            services.AddDbContextPool<StreetsDbContext, PostgresStreetsDbContext>((sp, o) =>
                o.UseNpgsql(storage.ConnectionString, n => n.MigrationsHistoryTable(StreetsDbContext.MigrationsHistoryTable)).AddOutboxSignal(sp));
        }
        else
        {
            services.AddDbContextPool<StreetsDbContext, SqliteStreetsDbContext>((sp, o) =>
                o.UseSqlite(storage.ConnectionString, s => s.MigrationsHistoryTable(StreetsDbContext.MigrationsHistoryTable)).AddOutboxSignal(sp));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<Ballots>();
        services.AddScoped<TaskInbox>();
        services.AddScoped<ViolationReports>();
        services.AddScoped<PlanListCheck>();
        services.AddHttpClient<HttpPlanListSource>();
        services.TryAddScoped<IPlanListSource>(sp => sp.GetRequiredService<HttpPlanListSource>());
        services.AddOutboxRelay<StreetsDbContext>();
        return services;
    }

    /// <summary>Registers the gateway's consumers; they run on the endpoint <see cref="ConfigureStreetGatewayEndpoint"/> configures.</summary>
    public static IBusRegistrationConfigurator AddStreetGatewayConsumers(this IBusRegistrationConfigurator bus, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var options = configuration.GetSection(StreetsOptions.Section).Get<StreetsOptions>() ?? new StreetsOptions();
        bus.AddConsumer<BallotConsumer>().ExcludeFromConfigureEndpoints();
        bus.AddConsumer<NoticeConsumer>().ExcludeFromConfigureEndpoints();
        bus.AddConsumer<PlanListConsumer>().ExcludeFromConfigureEndpoints();
        bus.AddConsumer<ReceivedTasksConsumer>(c => c.Options<BatchOptions>(b => b
                .SetMessageLimit(Math.Max(1, options.BatchSize))
                .SetTimeLimit(options.BatchWait)
                .SetConcurrencyLimit(options.BatchConcurrency)))
            .ExcludeFromConfigureEndpoints();
        return bus;
    }

    /// <summary>
    /// The gateway's queue: durable and quorum on RabbitMQ, bound to the street messages of the streets it serves
    /// (<see cref="StreetsOptions.Serve"/>) and to plan-list changes; retries, then dead letters in the gateway's store.
    /// </summary>
    public static void ConfigureStreetGatewayEndpoint(this IBusFactoryConfigurator bus, IBusRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(context);
        var options = context.GetRequiredService<IOptions<StreetsOptions>>().Value;
        var messaging = context.GetMessagingOptions();
        bus.ReceiveEndpoint(options.ResolvedQueueName, e =>
        {
            // BatchConcurrency batches in flight at once, each up to BatchSize dispatches.
            e.PrefetchCount = Math.Max(messaging.PrefetchCount, options.BatchSize * options.BatchConcurrency);
            e.ConcurrentMessageLimit = options.BatchSize * options.BatchConcurrency;
            EndpointPolicy.Apply<StreetsDbContext>(e, context, messaging);
            if (e is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.ConfigureConsumeTopology = false;
                StreetRouting.Bind(rabbit, options.Serve);
                rabbit.Bind<PlanListEntryChanged>();
            }

            e.ConfigureConsumer<BallotConsumer>(context, c => c.ConcurrentMessageLimit = 8);
            e.ConfigureConsumer<NoticeConsumer>(context, c => c.ConcurrentMessageLimit = 4);
            e.ConfigureConsumer<PlanListConsumer>(context, c => c.ConcurrentMessageLimit = 1);
            e.ConfigureConsumer<ReceivedTasksConsumer>(context);
        });
    }

    /// <summary>Creates or updates the gateway's tables (its own migrations history); the platform's tables must exist.</summary>
    public static async Task MigrateStreetGatewayAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StreetsDbContext>().Database.MigrateAsync(cancellationToken);
    }
}
