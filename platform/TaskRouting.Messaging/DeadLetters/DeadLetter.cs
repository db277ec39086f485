namespace TaskRouting.Messaging.DeadLetters;

/// <summary>
/// A message whose consumer kept failing after every retry (the error queue): kept with its error for operators,
/// who can replay it once the cause is fixed.
/// </summary>
public sealed class DeadLetter
{
    /// <summary>Identifies the row.</summary>
    public Guid Id { get; init; }

    /// <summary>The MassTransit message id (a replay keeps it, so the inbox still deduplicates).</summary>
    public Guid? MessageId { get; init; }

    /// <summary>The contract's full type name, when known.</summary>
    public string? MessageType { get; init; }

    /// <summary>The queue it failed on; a replay sends it back there.</summary>
    public required string Queue { get; init; }

    /// <summary>The message as JSON.</summary>
    public required string Body { get; init; }

    /// <summary>The exception's type and message.</summary>
    public required string Error { get; init; }

    /// <summary>When it failed for the last time.</summary>
    public DateTimeOffset FailedAt { get; init; }

    /// <summary>When an operator replayed it.</summary>
    public DateTimeOffset? ReplayedAt { get; set; }

    /// <summary>Who replayed it.</summary>
    public string? ReplayedBy { get; set; }
}
