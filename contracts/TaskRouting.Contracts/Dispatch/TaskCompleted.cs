namespace TaskRouting.Contracts.Dispatch;

/// <summary>A community reported a dispatched task done (办结).</summary>
public sealed record TaskCompleted
{
    /// <summary>The dispatch completed.</summary>
    public required Guid DispatchId { get; init; }

    /// <summary>The application.</summary>
    public required Guid ApplicationId { get; init; }

    /// <summary>The district's code.</summary>
    public required string District { get; init; }

    /// <summary>The community's code.</summary>
    public required string Community { get; init; }

    /// <summary>The community's report.</summary>
    public string? Report { get; init; }

    /// <summary>The user who reported.</summary>
    public required string CompletedBy { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset CompletedAt { get; init; }
}
