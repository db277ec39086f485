namespace TaskRouting.Contracts.Voting;

/// <summary>
/// A street or community voted, or changed its vote. The latest <see cref="CastAt"/> wins: a redelivered or
/// reordered older vote never overwrites a newer one.
/// </summary>
public sealed record VoteCast
{
    /// <summary>The request answered.</summary>
    public required Guid VoteRequestId { get; init; }

    /// <summary>The application voted on.</summary>
    public required Guid ApplicationId { get; init; }

    /// <summary>The district's code.</summary>
    public required string District { get; init; }

    /// <summary>The voter's code (street or community).</summary>
    public required string VoterCode { get; init; }

    /// <summary>The vote.</summary>
    public required VoteChoice Choice { get; init; }

    /// <summary>The voter's comment, if any.</summary>
    public string? Comment { get; init; }

    /// <summary>The user who voted.</summary>
    public required string CastBy { get; init; }

    /// <summary>When the vote was cast.</summary>
    public required DateTimeOffset CastAt { get; init; }
}
