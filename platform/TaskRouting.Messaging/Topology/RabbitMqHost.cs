using MassTransit;

namespace TaskRouting.Messaging.Topology;

/// <summary>How every TaskRouting bus reaches RabbitMQ: publisher confirms, the configured heartbeat, per-street publishing.</summary>
public static class RabbitMqHost
{
    /// <summary>Points <paramref name="bus"/> at <see cref="MessagingOptions.RabbitMqUri"/> and sets the publish topology.</summary>
    /// <param name="bus">The bus being configured.</param>
    /// <param name="options">Validated messaging options (the URI is required for RabbitMQ).</param>
    /// <param name="connectionName">Shown in RabbitMQ's management UI, so operators can tell the connections apart.</param>
    public static void Configure(IRabbitMqBusFactoryConfigurator bus, MessagingOptions options, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        if (!Uri.TryCreate(options.RabbitMqUri, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException("TaskRouting:Messaging:RabbitMqUri must be an amqp:// URI when the transport is RabbitMq");
        }

        bus.Host(uri, h =>
        {
            h.PublisherConfirmation = true;
            h.Heartbeat(options.RabbitMqHeartbeat);
            h.ConnectionName(connectionName);
        });
        StreetRouting.ConfigurePublishing(bus);
    }
}
