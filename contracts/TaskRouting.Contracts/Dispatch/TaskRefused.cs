namespace TaskRouting.Contracts.Dispatch;

/// <summary>A community refused a dispatched task (拒收), or its gateway did because the work is not on the plan list.</summary>
public sealed record TaskRefused
{
    /// <summary>The dispatch refused.</summary>
    public required Guid DispatchId { get; init; }

    /// <summary>The application named by the dispatch.</summary>
    public required Guid ApplicationId { get; init; }

    /// <summary>The admission number the dispatch carried.</summary>
    public required string AdmissionNumber { get; init; }

    /// <summary>The district's code.</summary>
    public required string District { get; init; }

    /// <summary>The community's code.</summary>
    public required string Community { get; init; }

    /// <summary>Why.</summary>
    public required RefusalReason Reason { get; init; }

    /// <summary>The reason in words.</summary>
    public required string Comment { get; init; }

    /// <summary>The user who refused, or <c>gateway</c>.</summary>
    public required string RefusedBy { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset RefusedAt { get; init; }
}
