namespace TaskRouting.Activities.Inspection;

/// <summary>A supervisor's inspection of an admitted item's work.</summary>
public sealed class InspectionRecord
{
    public Guid Id { get; init; }
    public required Guid ApplicationId { get; init; }
    public required string District { get; init; }
    public bool Compliant { get; init; }
    public required string Findings { get; init; }
    public required string Inspector { get; init; }
    public DateTimeOffset At { get; init; }

    /// <summary>1 for the first inspection, 2 for the re-inspection after a correction, and so on.</summary>
    public int Round { get; init; }
}

/// <summary>Whether a correction notice was answered.</summary>
public enum CorrectionStatus { Open, Corrected, Overdue }

/// <summary>A correction notice (限期改正) issued to the department after a non-compliant inspection.</summary>
public sealed class CorrectionNotice
{
    public Guid Id { get; init; }
    public required Guid ApplicationId { get; init; }
    public required string District { get; init; }
    public required string Department { get; init; }
    public required string Findings { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
    public DateTimeOffset DueAt { get; init; }
    public CorrectionStatus Status { get; set; }
    public string? Report { get; set; }
    public DateTimeOffset? CorrectedAt { get; set; }
}
