namespace TaskRouting.Messaging.Outbox;

/// <summary>
/// A message waiting to leave: written in the same transaction as the state change that caused it, published by
/// the relay afterwards. A message leaves only if its state change committed.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Insertion order; the relay publishes in this order (consumers still tolerate any order).</summary>
    public long Id { get; init; }

    /// <summary>The MassTransit message id: consumers deduplicate by it, so a re-published row counts once.</summary>
    public Guid MessageId { get; init; }

    /// <summary>The contract's full type name, e.g. <c>TaskRouting.Contracts.Dispatch.DispatchTask</c>.</summary>
    public required string MessageType { get; init; }

    /// <summary>The message as JSON (MassTransit's serializer settings).</summary>
    public required string Body { get; init; }

    /// <summary>When the state change committed it.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the relay sent it (set in the relay's transaction, which commits only after the broker confirmed it); <see langword="null"/> while waiting.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Failed publish attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>The last publish error, for operators.</summary>
    public string? LastError { get; set; }
}
