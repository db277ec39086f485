using System.Text.Json.Serialization;

namespace TaskRouting.Contracts.PlanList;

/// <summary>The state of an entry on a district's community work plan list (社区工作事项清单).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanListStatus>))]
public enum PlanListStatus
{
    /// <summary>Admitted and in force: communities accept work dispatched under it.</summary>
    InForce,

    /// <summary>Done and inspected.</summary>
    Completed,

    /// <summary>Funding was never confirmed; the item stopped.</summary>
    Lapsed,

    /// <summary>Taken off the list by the committee.</summary>
    Revoked,
}

/// <summary>
/// An entry was added to a district's plan list or its status changed. Street gateways keep a copy of the list from
/// these events to check the admission numbers of dispatched work.
/// </summary>
public sealed record PlanListEntryChanged
{
    /// <summary>The admission number, formatted as <see cref="Contracts.AdmissionNumber"/>.</summary>
    public required string AdmissionNumber { get; init; }

    /// <summary>The district's code.</summary>
    public required string District { get; init; }

    /// <summary>The admitted application.</summary>
    public required Guid ApplicationId { get; init; }

    /// <summary>The commissioning department's code.</summary>
    public required string Department { get; init; }

    /// <summary>The work's title.</summary>
    public required string Title { get; init; }

    /// <summary>The entry's status now.</summary>
    public required PlanListStatus Status { get; init; }

    /// <summary>When it changed.</summary>
    public required DateTimeOffset ChangedAt { get; init; }
}
