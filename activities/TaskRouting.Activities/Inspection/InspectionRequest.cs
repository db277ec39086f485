namespace TaskRouting.Activities.Inspection;

/// <summary>
/// A department's request to inspect communities in a period (统一检查考核): the office merges the requests that
/// touch the same community in the same period into one <see cref="InspectionVisit"/>.
/// </summary>
public sealed class InspectionRequest
{
    public Guid Id { get; init; }
    public required string District { get; init; }
    public required string Department { get; init; }

    /// <summary>A month (<c>2026-03</c>) or a half-year (<c>2026-H1</c>).</summary>
    public required string Period { get; init; }
    public required string Purpose { get; init; }
    public DateOnly? PreferredFrom { get; init; }
    public DateOnly? PreferredTo { get; init; }
    public required string RequestedBy { get; init; }
    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>One row per community requested.</summary>
    public List<InspectionTarget> Targets { get; init; } = [];
}

/// <summary>One community of an inspection request: the visit it joined once planned, and the finding once recorded.</summary>
public sealed class InspectionTarget
{
    public required Guid RequestId { get; init; }
    public required string CommunityCode { get; init; }
    public required string District { get; init; }
    public required string Period { get; init; }

    /// <summary>The visit that covers this community for the request; null while the request is open (not planned yet).</summary>
    public Guid? VisitId { get; set; }
    public bool? Compliant { get; set; }
    public string? Findings { get; set; }
}

/// <summary>Whether a unified visit is still to happen or its findings are recorded.</summary>
public enum VisitStatus { Scheduled, Closed }

/// <summary>
/// One scheduled inspection visit of a community in a period, covering every department's request for it, so the
/// community is inspected once instead of once per department. At most one per community and period.
/// </summary>
public sealed class InspectionVisit
{
    public Guid Id { get; init; }
    public required string District { get; init; }
    public required string CommunityCode { get; init; }
    public required string StreetCode { get; init; }
    public required string Period { get; init; }

    /// <summary>A working day (China date) within the period.</summary>
    public DateOnly ScheduledOn { get; set; }
    public VisitStatus Status { get; set; }
    public required string PlannedBy { get; init; }
    public DateTimeOffset PlannedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? RecordedBy { get; set; }
    public DateTimeOffset? RecordedAt { get; set; }
    public int Revision { get; set; }
}
