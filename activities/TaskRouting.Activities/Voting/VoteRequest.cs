namespace TaskRouting.Activities.Voting;

/// <summary>How a street or community voted.</summary>
public enum VoteChoice { Approve, Reject, Abstain }

/// <summary>
/// The vote request of one street or community on one application; the vote is stored on it (one row per
/// (application, voter): a redelivered or repeated vote changes the row, never adds one). Changeable until the tally.
/// </summary>
public sealed class VoteRequest
{
    public required Guid ApplicationId { get; init; }
    public required string VoterCode { get; init; }

    /// <summary>This round's request id, carried by <c>RequestVote</c> and answered by <c>VoteCast</c>; a new vote round gets a new one.</summary>
    public Guid RequestId { get; set; }
    public required string District { get; init; }

    /// <summary>"street" or "community".</summary>
    public required string VoterKind { get; init; }

    /// <summary>The street a community belongs to (the street itself for a street), to whom its overdue vote escalates.</summary>
    public required string StreetCode { get; init; }

    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset Deadline { get; set; }

    public VoteChoice? Choice { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset? VotedAt { get; set; }
    public string? VotedBy { get; set; }

    /// <summary>Set when the tally closed the vote: no change after it.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    public DateTimeOffset? RemindedAt { get; set; }
    public DateTimeOffset? EscalatedToStreetAt { get; set; }
    public DateTimeOffset? EscalatedToSupervisorAt { get; set; }
}
