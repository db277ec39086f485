namespace TaskRouting.Activities.Notices;

/// <summary>Why a unit is named in a notice.</summary>
public enum NoticeEntryKind
{
    /// <summary>A violation confirmed in the notice's period.</summary>
    ConfirmedViolation,
    /// <summary>A correction still not verified after its deadline.</summary>
    OverdueCorrection,
}

/// <summary>
/// A district-wide notice (全区通报), monthly by default: the units that bypassed admission in the period and the
/// corrections still overdue when it was published. It is public, and each named unit is told.
/// </summary>
public sealed class DistrictNotice
{
    public Guid Id { get; init; }
    public required string District { get; init; }
    /// <summary>The month it covers, <c>yyyy-MM</c>.</summary>
    public required string Period { get; init; }
    /// <summary>The notice's number, e.g. <c>DX-通报-2026-11</c>.</summary>
    public required string Number { get; init; }
    public required string TitleZh { get; init; }
    public required string TitleEn { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public required string PublishedBy { get; init; }
    public List<NoticeEntry> Entries { get; init; } = [];
}

/// <summary>One named unit in a notice.</summary>
public sealed class NoticeEntry
{
    public NoticeEntryKind Kind { get; init; }
    public Guid CaseId { get; init; }
    /// <summary>The department's code.</summary>
    public required string Unit { get; init; }
    /// <summary>The department's names when the notice was published (a notice is a record: later renames do not change it).</summary>
    public string? UnitNameZh { get; init; }
    public string? UnitNameEn { get; init; }
    public required string What { get; init; }
    public DateOnly OccurredOn { get; init; }
    public DateTimeOffset? FoundAt { get; init; }
    public DateTimeOffset? CorrectionDueAt { get; init; }
    public DateTimeOffset? CorrectedAt { get; init; }
}
