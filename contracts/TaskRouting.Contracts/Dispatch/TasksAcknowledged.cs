namespace TaskRouting.Contracts.Dispatch;

/// <summary>
/// A street gateway acknowledged receipt of many dispatched tasks at once (签收), on the communities' behalf: it is
/// configured to acknowledge on receipt. One message per batch the gateway stored, instead of one
/// <see cref="TaskAcknowledged"/> per task; a person's acknowledgement is still a <see cref="TaskAcknowledged"/>.
/// </summary>
public sealed record TasksAcknowledged
{
    /// <summary>The district's code; every task acknowledged belongs to it.</summary>
    public required string District { get; init; }

    /// <summary>The dispatches acknowledged (at most a few hundred: one gateway batch).</summary>
    public required IReadOnlyList<Guid> DispatchIds { get; init; }

    /// <summary>Who acknowledged: the gateway's subsystem name.</summary>
    public required string AcknowledgedBy { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset AcknowledgedAt { get; init; }
}
