namespace TaskRouting.Contracts;

/// <summary>
/// A message for one street's subsystem. The bus routes it by <see cref="District"/> and <see cref="Street"/>
/// (routing key <c>{district}.{street}</c> on RabbitMQ), so a street running its own gateway receives only its own.
/// </summary>
public interface IStreetMessage
{
    /// <summary>The district's code.</summary>
    string District { get; }

    /// <summary>The street's code: the street voting, or the street of the community concerned.</summary>
    string Street { get; }
}
