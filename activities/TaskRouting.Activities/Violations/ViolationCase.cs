namespace TaskRouting.Activities.Violations;

/// <summary>Where a violation case stands.</summary>
public enum ViolationStatus
{
    /// <summary>Received; the office decides whether it is a case and whose remit it is.</summary>
    Triage,
    /// <summary>Waiting for the answering unit(s), under the "123" deadline.</summary>
    Answering,
    /// <summary>Answered; the office records the finding.</summary>
    Finding,
    /// <summary>Confirmed: the unit must correct by the deadline; the supervisor verifies.</summary>
    Correcting,
    /// <summary>Confirmed and corrected, or found unfounded.</summary>
    Closed,
    /// <summary>Not a case (a duplicate, outside admission's scope), with the office's reason.</summary>
    Dismissed,
}

/// <summary>Whose remit a complaint falls in; it sets the answer deadline of the "123" commitment.</summary>
public enum ViolationRemit
{
    /// <summary>The street's own remit: answered within 1 working day.</summary>
    Street,
    /// <summary>One department: within 2 working days.</summary>
    Department,
    /// <summary>Several departments: within 3 working days.</summary>
    SeveralDepartments,
}

/// <summary>What the office found.</summary>
public enum ViolationFinding { Confirmed, Unfounded }

/// <summary>
/// A violation report (举报) as the central side handles it: one case per report, run by the district's violation
/// workflow from triage to closure. The reporter's name is kept for the office and the supervisor only.
/// </summary>
public sealed class ViolationCase
{
    public Guid Id { get; init; }
    public required string District { get; init; }
    public required string Street { get; init; }
    public string? Community { get; init; }
    /// <summary>The department reported (its code as the reporter gave it).</summary>
    public required string ReportedUnit { get; init; }
    public string? AdmissionNumber { get; init; }
    public required string What { get; init; }
    public DateOnly OccurredOn { get; init; }
    public string? Evidence { get; init; }
    public bool Automatic { get; init; }
    public required string ReportedBy { get; init; }
    public DateTimeOffset ReportedAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }

    public ViolationStatus Status { get; set; }
    public ViolationRemit? Remit { get; set; }
    /// <summary>The departments that answer (the reported one first); empty for the street's remit.</summary>
    public List<string> AnsweringUnits { get; set; } = [];
    /// <summary>The deadline of the step the case waits on (triage, answer or correction).</summary>
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? AnswerDueAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public ViolationFinding? Finding { get; set; }
    public string? FindingReason { get; set; }
    public DateTimeOffset? FoundAt { get; set; }
    public DateTimeOffset? CorrectionDueAt { get; set; }
    public DateTimeOffset? CorrectedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>The duty officer following the case up today (每日随访), when it is overdue.</summary>
    public string? DutyOfficer { get; set; }
    public DateOnly? DutyDate { get; set; }
    public string? WorkflowInstanceId { get; set; }
}

/// <summary>One line of a case's history: what happened, who did it, when.</summary>
public sealed class ViolationEvent
{
    public long Id { get; init; }
    public Guid CaseId { get; init; }
    public required string District { get; init; }
    public required string Kind { get; init; }
    public required string Actor { get; init; }
    public required string TextZh { get; init; }
    public required string TextEn { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>An evidence file of a case, stored centrally as it arrived with the report.</summary>
public sealed class ViolationAttachment
{
    public Guid Id { get; init; }
    public Guid CaseId { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public int Size { get; init; }
    public required string Sha256 { get; init; }
    public required byte[] Content { get; init; }
}

/// <summary>The district's duty roster: who follows up overdue cases on a given day (每日随访值班).</summary>
public sealed class DutyAssignment
{
    public required string District { get; init; }
    public DateOnly Date { get; init; }
    public required string UserName { get; set; }
    public required string AssignedBy { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
}
