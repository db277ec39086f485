namespace TaskRouting.Activities.Evaluation;

/// <summary>What a community evaluates: a department of its district or its own street.</summary>
public enum EvaluationTarget { Department, Street }

/// <summary>
/// A community's half-yearly evaluation (自下而上评议) of a department or of its street: one per community, target
/// and period; a resubmission in the same period updates it.
/// </summary>
public sealed class CommunityEvaluation
{
    public Guid Id { get; init; }
    public required string District { get; init; }
    public required string CommunityCode { get; init; }
    public required string StreetCode { get; init; }
    public EvaluationTarget TargetKind { get; init; }
    public required string TargetCode { get; init; }

    /// <summary>The half-year, <c>2026-H1</c> or <c>2026-H2</c>.</summary>
    public required string Period { get; init; }

    /// <summary>0–100.</summary>
    public int Score { get; set; }
    public string? Comment { get; set; }
    public required string SubmittedBy { get; set; }
    public DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Revision { get; set; }
}
