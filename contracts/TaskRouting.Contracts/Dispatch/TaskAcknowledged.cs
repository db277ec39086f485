namespace TaskRouting.Contracts.Dispatch;

/// <summary>A community acknowledged a dispatched task (签收).</summary>
public sealed record TaskAcknowledged
{
    /// <summary>The dispatch acknowledged.</summary>
    public required Guid DispatchId { get; init; }

    /// <summary>The application.</summary>
    public required Guid ApplicationId { get; init; }

    /// <summary>The district's code.</summary>
    public required string District { get; init; }

    /// <summary>The community's code.</summary>
    public required string Community { get; init; }

    /// <summary>The user who acknowledged, or <c>gateway</c> for an automatic receipt.</summary>
    public required string AcknowledgedBy { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset AcknowledgedAt { get; init; }
}
