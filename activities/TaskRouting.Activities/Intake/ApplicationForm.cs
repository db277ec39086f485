using TaskRouting.Activities.Lifecycle;

namespace TaskRouting.Activities.Intake;

/// <summary>The application form as a department fills it in (申请社区办理事项审批表).</summary>
public sealed record ApplicationForm
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public ApplicationCategory? Category { get; init; }
    public string? LegalBasis { get; init; }
    public bool WholeDistrict { get; init; }
    public IReadOnlyList<string>? TargetStreets { get; init; }
    public IReadOnlyList<string>? TargetCommunities { get; init; }
    public DateOnly? StartDate { get; init; }
    public int? DurationMonths { get; init; }
    public decimal? WorkloadHoursPerMonth { get; init; }
    public IReadOnlyList<FormOrLedgerInput>? FormsAndLedgers { get; init; }
    public decimal? FundingPerCommunity { get; init; }
    public string? SupportPersonnel { get; init; }
    public string? SupportTraining { get; init; }
    public string? SupportGuidance { get; init; }
    public bool Urgent { get; init; }
    public string? UrgencyJustification { get; init; }
    public DateOnly? NeededBy { get; init; }
}

/// <summary>A form or ledger the work adds.</summary>
public sealed record FormOrLedgerInput(string? Name, string? Frequency, bool DataAlreadyShared);
