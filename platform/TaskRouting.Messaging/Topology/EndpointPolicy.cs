using MassTransit;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Messaging.DeadLetters;

namespace TaskRouting.Messaging.Topology;

/// <summary>
/// What every TaskRouting receive endpoint gets: a durable quorum queue on RabbitMQ (replicated, survives a broker
/// restart), retries with exponential back-off, and dead letters stored in the consuming side's database once the
/// retries are spent.
/// </summary>
public static class EndpointPolicy
{
    /// <summary>Applies the policy; dead letters go to <typeparamref name="TContext"/>.</summary>
    public static void Apply<TContext>(IReceiveEndpointConfigurator endpoint, IRegistrationContext context, MessagingOptions options)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQuorumQueue();
        }

        if (options.RetryLimit > 0)
        {
            endpoint.UseMessageRetry(r => r.Exponential(options.RetryLimit, options.RetryDelay, TimeSpan.FromSeconds(30), options.RetryDelay));
        }

        endpoint.ConfigureError(e => e.UseFilter(new DeadLetterFilter<TContext>(context)));
    }
}
