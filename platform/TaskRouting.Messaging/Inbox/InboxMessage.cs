namespace TaskRouting.Messaging.Inbox;

/// <summary>A message a consumer has processed, remembered so a redelivery of it changes nothing.</summary>
public sealed class InboxMessage
{
    /// <summary>The consumer's name (one message may be processed by several consumers).</summary>
    public required string Consumer { get; init; }

    /// <summary>The MassTransit message id.</summary>
    public Guid MessageId { get; init; }

    /// <summary>When it was processed.</summary>
    public DateTimeOffset ProcessedAt { get; init; }
}
