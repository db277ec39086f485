namespace TaskRouting.Contracts.Voting;

/// <summary>
/// Asks one street or community to vote on an application sent to the vote (征求意见). The voter may vote and change
/// its vote until <see cref="Deadline"/> or until a <see cref="CloseVoting"/> arrives.
/// </summary>
public sealed record RequestVote : IStreetMessage
{
    /// <summary>Identifies this request; the answering <see cref="VoteCast"/> carries it.</summary>
    public required Guid VoteRequestId { get; init; }

    /// <summary>The application voted on.</summary>
    public required Guid ApplicationId { get; init; }

    /// <inheritdoc />
    public required string District { get; init; }

    /// <inheritdoc />
    public required string Street { get; init; }

    /// <summary>The voter's code: the street's own code, or a community's.</summary>
    public required string VoterCode { get; init; }

    /// <summary>The applying department's code.</summary>
    public required string Department { get; init; }

    /// <summary>The application's title.</summary>
    public required string Title { get; init; }

    /// <summary>What the work is, as the department described it.</summary>
    public required string Description { get; init; }

    /// <summary>Estimated hours per community per month.</summary>
    public required decimal WorkloadHoursPerMonth { get; init; }

    /// <summary>Funding offered per community, in yuan.</summary>
    public required decimal FundingPerCommunity { get; init; }

    /// <summary>Screening found that admitting it takes some community over the monthly burden cap.</summary>
    public required bool BurdenFlagged { get; init; }

    /// <summary>When voting closes.</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>When the request was made.</summary>
    public required DateTimeOffset RequestedAt { get; init; }
}
