namespace TaskRouting.Contracts.Dispatch;

/// <summary>
/// Hands an admitted work item to one community (下派). The community's gateway checks
/// <see cref="AdmissionNumber"/> against the plan list and refuses work that is not on it.
/// </summary>
public sealed record DispatchTask : IStreetMessage
{
    /// <summary>Identifies this dispatch; the community's answers carry it.</summary>
    public required Guid DispatchId { get; init; }

    /// <summary>The admitted application.</summary>
    public required Guid ApplicationId { get; init; }

    /// <summary>The plan-list number, formatted as <see cref="Contracts.AdmissionNumber"/>.</summary>
    public required string AdmissionNumber { get; init; }

    /// <inheritdoc />
    public required string District { get; init; }

    /// <inheritdoc />
    public required string Street { get; init; }

    /// <summary>The receiving community's code.</summary>
    public required string Community { get; init; }

    /// <summary>The commissioning department's code.</summary>
    public required string Department { get; init; }

    /// <summary>The work's title.</summary>
    public required string Title { get; init; }

    /// <summary>What is to be done.</summary>
    public required string Description { get; init; }

    /// <summary>Estimated hours per month.</summary>
    public required decimal WorkloadHoursPerMonth { get; init; }

    /// <summary>The funding confirmed for this community, in yuan.</summary>
    public required decimal Funding { get; init; }

    /// <summary>The community acknowledges by then or the street is alerted.</summary>
    public required DateTimeOffset AcknowledgeBy { get; init; }

    /// <summary>When the work was dispatched.</summary>
    public required DateTimeOffset DispatchedAt { get; init; }
}
