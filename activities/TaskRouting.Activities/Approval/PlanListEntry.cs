namespace TaskRouting.Activities.Approval;

/// <summary>Whether an admitted item is in force.</summary>
public enum PlanEntryStatus { InForce, Completed, Lapsed, Revoked }

/// <summary>
/// An admitted item on the district's public community work plan list (年度社区工作事项计划清单). Communities refuse
/// work whose admission number is not on it. Numbers read <c>{district}-{year}-{H1|H2|EM}-{sequence:000}</c>.
/// </summary>
public sealed class PlanListEntry
{
    public required string Number { get; init; }
    public required string District { get; init; }
    public int Year { get; init; }

    /// <summary>"H1", "H2" (the January and July batches) or "EM" (the emergency track).</summary>
    public required string Series { get; init; }
    public int Sequence { get; init; }

    public required Guid ApplicationId { get; init; }
    public required string Title { get; init; }
    public required string Department { get; init; }
    public Lifecycle.ApplicationCategory Category { get; init; }
    public decimal WorkloadHoursPerMonth { get; init; }
    public decimal FundingPerCommunity { get; init; }
    public List<string> Communities { get; init; } = [];
    public DateOnly StartDate { get; init; }
    public int DurationMonths { get; init; }
    public DateTimeOffset AdmittedAt { get; init; }
    public required string ApprovedBy { get; init; }
    public PlanEntryStatus Status { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
