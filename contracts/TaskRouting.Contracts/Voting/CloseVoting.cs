namespace TaskRouting.Contracts.Voting;

/// <summary>Closes a street's open vote requests for an application: the votes were tallied.</summary>
public sealed record CloseVoting : IStreetMessage
{
    /// <summary>The application whose vote closed.</summary>
    public required Guid ApplicationId { get; init; }

    /// <inheritdoc />
    public required string District { get; init; }

    /// <inheritdoc />
    public required string Street { get; init; }

    /// <summary>The result as people read it, e.g. "通过 / Passed: 54 approve of 55".</summary>
    public required string Result { get; init; }

    /// <summary>When the votes were tallied.</summary>
    public required DateTimeOffset ClosedAt { get; init; }
}
