using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TaskRouting.Messaging.DeadLetters;
using TaskRouting.Messaging.Outbox;

namespace TaskRouting.Messaging;

/// <summary>The messaging project's DI entry point.</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>Registers the validated <see cref="MessagingOptions"/>, MassTransit's stop timeouts, the outbox signal and its commit interceptor.</summary>
    public static IServiceCollection AddTaskRoutingMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MessagingOptions>()
            .Bind(configuration.GetSection(MessagingOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Transport != MessageTransport.RabbitMq || Uri.TryCreate(o.RabbitMqUri, UriKind.Absolute, out _),
                "TaskRouting:Messaging:RabbitMqUri must be an amqp:// URI when the transport is RabbitMq")
            .ValidateOnStart();
        services.AddOptions<MassTransitHostOptions>().Configure<IOptions<MessagingOptions>>((host, messaging) =>
        {
            host.ConsumerStopTimeout = messaging.Value.ConsumerStopTimeout;
            host.StopTimeout = messaging.Value.ConsumerStopTimeout + TimeSpan.FromSeconds(15);
        });
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxCommitInterceptor>();
        return services;
    }

    /// <summary>Relays <typeparamref name="TContext"/>'s outbox (one relay per context, per process) and offers its dead letters.</summary>
    public static IServiceCollection AddOutboxRelay<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddHostedService<OutboxRelay<TContext>>();
        services.TryAddScoped<DeadLetters<TContext>>();
        return services;
    }

    /// <summary>Wakes the relay when a transaction of this context commits (add to the context's options).</summary>
    public static DbContextOptionsBuilder AddOutboxSignal(this DbContextOptionsBuilder options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AddInterceptors(services.GetRequiredService<OutboxCommitInterceptor>());
    }

    /// <summary>The validated options (for bus configuration callbacks).</summary>
    public static MessagingOptions GetMessagingOptions(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<MessagingOptions>>().Value;
}
