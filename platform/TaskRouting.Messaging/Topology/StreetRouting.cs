using System.Reflection;
using MassTransit;
using RabbitMQ.Client;
using TaskRouting.Contracts;

namespace TaskRouting.Messaging.Topology;

/// <summary>
/// Per-street routing on RabbitMQ. Every <see cref="IStreetMessage"/> is published to a topic exchange with the
/// routing key <c>{district}.{street}</c>; a gateway's queue binds the keys of the streets it serves (<c>#</c> for
/// all), so a street running its own gateway receives only its own messages, from its own queue.
/// </summary>
public static class StreetRouting
{
    /// <summary>The routing key of a street.</summary>
    public static string Key(string district, string street) => $"{district}.{street}";

    /// <summary>The street message contracts.</summary>
    public static IEnumerable<Type> StreetMessages => MessageTypes.All.Where(t => typeof(IStreetMessage).IsAssignableFrom(t));

    /// <summary>Publishes street messages to topic exchanges, keyed by district and street.</summary>
    public static void ConfigurePublishing(IRabbitMqBusFactoryConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        foreach (var type in StreetMessages)
        {
            Generic(nameof(Publish), type).Invoke(null, [bus]);
        }
    }

    /// <summary>Binds a gateway's queue to the street messages of <paramref name="routingKeys"/>.</summary>
    public static void Bind(IRabbitMqReceiveEndpointConfigurator endpoint, IReadOnlyCollection<string> routingKeys)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(routingKeys);
        foreach (var type in StreetMessages)
        {
            Generic(nameof(BindOne), type).Invoke(null, [endpoint, routingKeys]);
        }
    }

    private static MethodInfo Generic(string name, Type type) =>
        typeof(StreetRouting).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);

    private static void Publish<T>(IRabbitMqBusFactoryConfigurator bus)
        where T : class, IStreetMessage
    {
        bus.Publish<T>(p => p.ExchangeType = ExchangeType.Topic);
        bus.Send<T>(s => s.UseRoutingKeyFormatter(c => Key(c.Message.District, c.Message.Street)));
    }

    private static void BindOne<T>(IRabbitMqReceiveEndpointConfigurator endpoint, IReadOnlyCollection<string> routingKeys)
        where T : class, IStreetMessage
    {
        foreach (var key in routingKeys)
        {
            endpoint.Bind<T>(b =>
            {
                b.ExchangeType = ExchangeType.Topic;
                b.RoutingKey = key;
            });
        }
    }
}
