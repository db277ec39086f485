using TaskRouting.Contracts.Dispatch;
using TaskRouting.Contracts.PlanList;
using TaskRouting.Contracts.Voting;

namespace TaskRouting.Streets.Data;

/// <summary>A vote request as the street or community received it, and its answer.</summary>
public sealed class Ballot
{
    public required Guid VoteRequestId { get; init; }
    public required Guid ApplicationId { get; init; }
    public required string District { get; init; }
    public required string Street { get; init; }
    /// <summary>The street or community asked to vote.</summary>
    public required string VoterCode { get; init; }
    public required string Department { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public decimal WorkloadHoursPerMonth { get; init; }
    public decimal FundingPerCommunity { get; init; }
    public bool BurdenFlagged { get; init; }
    public DateTimeOffset Deadline { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public VoteChoice? Choice { get; set; }
    public string? Comment { get; set; }
    public string? CastBy { get; set; }
    public DateTimeOffset? CastAt { get; set; }
    /// <summary>When the central side tallied (or a later round replaced this request).</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    public string? Result { get; set; }
}

/// <summary>Where a received task stands in its community.</summary>
public enum ReceivedTaskStatus { Received, Acknowledged, Completed, Refused }

/// <summary>Work dispatched to a community, as its inbox holds it.</summary>
public sealed class ReceivedTask
{
    public required Guid DispatchId { get; init; }
    public required Guid ApplicationId { get; init; }
    public required string AdmissionNumber { get; init; }
    public required string District { get; init; }
    public required string Street { get; init; }
    public required string Community { get; init; }
    public required string Department { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public decimal WorkloadHoursPerMonth { get; init; }
    public decimal Funding { get; init; }
    public DateTimeOffset AcknowledgeBy { get; init; }
    public DateTimeOffset DispatchedAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public ReceivedTaskStatus Status { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? RefusedAt { get; set; }
    public RefusalReason? RefusalReason { get; set; }
    public string? Report { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>The gateway's copy of one entry of the central plan list (准入清单), kept current by PlanListEntryChanged.</summary>
public sealed class PlanListCopy
{
    public required string AdmissionNumber { get; init; }
    public required string District { get; init; }
    public Guid ApplicationId { get; set; }
    public required string Department { get; set; }
    public required string Title { get; set; }
    public PlanListStatus Status { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>A correction notice or an escalation addressed to a street or one of its communities.</summary>
public sealed class StreetNotice
{
    public const string Correction = "correction";
    public const string Escalation = "escalation";

    public required Guid Id { get; init; }
    public required string Kind { get; init; }
    public required string District { get; init; }
    public required string Street { get; init; }
    /// <summary>The street or community the notice is for.</summary>
    public required string TargetCode { get; init; }
    public Guid? ApplicationId { get; init; }
    public string? AdmissionNumber { get; init; }
    public required string TextZh { get; init; }
    public required string TextEn { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>A report of work pushed on a street or community without admission (举报), by a person or by the gateway itself.</summary>
public sealed class ViolationReport
{
    public required Guid ReportId { get; init; }
    public required string District { get; init; }
    public required string Street { get; init; }
    public string? Community { get; init; }
    public required string ReportedUnit { get; init; }
    public string? AdmissionNumber { get; init; }
    public required string What { get; init; }
    public DateOnly OccurredOn { get; init; }
    public string? Evidence { get; init; }
    public bool Automatic { get; init; }
    /// <summary>The refused dispatch, for automatic reports.</summary>
    public Guid? DispatchId { get; init; }
    public required string ReportedBy { get; init; }
    public DateTimeOffset ReportedAt { get; init; }
    /// <summary>The evidence files sent with the report (their content went to the central side with it).</summary>
    public List<AttachmentRecord> Attachments { get; init; } = [];
}

/// <summary>What the gateway keeps of an evidence file: its name, type, size and SHA-256.</summary>
public sealed class AttachmentRecord
{
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public int Size { get; init; }
    public required string Sha256 { get; init; }
}
