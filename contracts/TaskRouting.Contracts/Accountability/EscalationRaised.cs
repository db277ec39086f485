namespace TaskRouting.Contracts.Accountability;

/// <summary>
/// Something is overdue and a street or community must act (催办/督办): e.g. a community has not voted or acknowledged
/// and its street is asked to follow up. Shown in the gateway's inbox for <see cref="TargetCode"/>.
/// </summary>
public sealed record EscalationRaised : IStreetMessage
{
    /// <summary>Identifies the escalation; raising it again with the same id changes nothing.</summary>
    public required Guid EscalationId { get; init; }

    /// <inheritdoc />
    public required string District { get; init; }

    /// <inheritdoc />
    public required string Street { get; init; }

    /// <summary>The street or community that must act.</summary>
    public required string TargetCode { get; init; }

    /// <summary>The application concerned, if any.</summary>
    public Guid? ApplicationId { get; init; }

    /// <summary>What to do, in Chinese.</summary>
    public required string TextZh { get; init; }

    /// <summary>What to do, in English.</summary>
    public required string TextEn { get; init; }

    /// <summary>By when, if there is a deadline.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>When it was raised.</summary>
    public required DateTimeOffset RaisedAt { get; init; }
}
