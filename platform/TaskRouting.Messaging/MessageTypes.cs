using System.Collections.Frozen;
using System.Text.Json;
using MassTransit.Serialization;
using TaskRouting.Contracts;

namespace TaskRouting.Messaging;

/// <summary>
/// The contract types that may travel, by full name. Only these are ever deserialized from stored rows, so a
/// tampered outbox or dead-letter row cannot name an arbitrary type.
/// </summary>
public static class MessageTypes
{
    private static readonly FrozenDictionary<string, Type> ByName = typeof(IStreetMessage).Assembly.GetExportedTypes()
        .Where(t => t.IsClass && t.IsSealed && t.Namespace is not null && t.Namespace.StartsWith("TaskRouting.Contracts.", StringComparison.Ordinal)
            && !t.IsDefined(typeof(MessagePartAttribute), inherit: false))
        .ToFrozenDictionary(t => t.FullName!, StringComparer.Ordinal);

    /// <summary>Every message contract.</summary>
    public static IEnumerable<Type> All => ByName.Values;

    /// <summary>The contract with this full name, or <see langword="null"/>.</summary>
    public static Type? Find(string? fullName) => fullName is not null && ByName.TryGetValue(fullName, out var type) ? type : null;

    /// <summary>The contract named by a MassTransit message urn (<c>urn:message:Namespace:Type</c>), or <see langword="null"/>.</summary>
    public static Type? FromUrn(string? urn)
    {
        const string Prefix = "urn:message:";
        if (urn is null || !urn.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = urn[Prefix.Length..].Split(':');
        return parts.Length == 2 ? Find($"{parts[0]}.{parts[1]}") : null;
    }

    /// <summary>Serializes a message as MassTransit does.</summary>
    public static string Serialize(object message, Type type) => JsonSerializer.Serialize(message, type, SystemTextJsonMessageSerializer.Options);

    /// <summary>Reads a stored message back.</summary>
    /// <exception cref="InvalidOperationException">The type is not a contract, or the body is not one.</exception>
    public static object Deserialize(string? typeName, string body)
    {
        var type = Find(typeName) ?? throw new InvalidOperationException($"{typeName} is not a TaskRouting message contract");
        return JsonSerializer.Deserialize(body, type, SystemTextJsonMessageSerializer.Options)
            ?? throw new InvalidOperationException($"The stored {typeName} is empty");
    }
}
