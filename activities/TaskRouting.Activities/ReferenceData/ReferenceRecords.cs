namespace TaskRouting.Activities.ReferenceData;

/// <summary>The district's published lists.</summary>
public enum ReferenceListKind
{
    /// <summary>The community duty list: statutory duties and duties assisting government (社区工作事项清单).</summary>
    DutyList,

    /// <summary>The negative list: what communities must not be asked to do (e.g. certificates they cannot issue).</summary>
    NegativeList,
}

/// <summary>A section of a list.</summary>
public enum ReferenceSection
{
    /// <summary>依法履职事项.</summary>
    Statutory,

    /// <summary>协助政府履职事项.</summary>
    Assisting,

    /// <summary>负面清单事项.</summary>
    Negative,
}

/// <summary>One item of a duty or negative list.</summary>
public sealed record ReferenceItem(
    string Code, ReferenceSection Section, string TitleZh, string TitleEn, string? LegalBasis, IReadOnlyList<string> Keywords);

/// <summary>
/// One published version of a district's duty or negative list. The version in effect on a date is the newest one
/// whose <see cref="EffectiveFrom"/> is on or before it; older versions stay readable (what a decision cited).
/// </summary>
public sealed class ReferenceListVersion
{
    public Guid Id { get; init; }
    public required string District { get; init; }
    public ReferenceListKind Kind { get; init; }
    public int Version { get; init; }
    public DateOnly EffectiveFrom { get; init; }
    public required string ItemsJson { get; init; }
    public string? Note { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One version of a year's national working-day calendar (holidays and make-up working days).</summary>
public sealed class CalendarYearRecord
{
    public int Year { get; init; }
    public int Version { get; init; }
    public required string Json { get; init; }
    public required string Source { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
