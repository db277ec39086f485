namespace TaskRouting.Activities.Funding;

/// <summary>The funds of one admitted item for one community: pledged in the application, confirmed, disbursed.</summary>
public sealed class FundingLedgerEntry
{
    public required Guid ApplicationId { get; init; }
    public required string CommunityCode { get; init; }
    public required string District { get; init; }
    public required string Department { get; init; }
    public decimal Pledged { get; set; }
    public decimal Confirmed { get; set; }
    public decimal Disbursed { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A payment recorded against a ledger entry.</summary>
public sealed class FundingDisbursement
{
    public Guid Id { get; init; }
    public required Guid ApplicationId { get; init; }
    public required string CommunityCode { get; init; }
    public required string District { get; init; }
    public decimal Amount { get; init; }
    public string? Note { get; init; }
    public required string RecordedBy { get; init; }
    public DateTimeOffset At { get; init; }
}
