namespace TaskRouting.Activities.Burden;

/// <summary>What the dashboard is asked: months <c>yyyy-MM</c> (default: the current year) and optionally one street or community.</summary>
public sealed record BurdenQuery(string? From, string? To, string? Street, string? Community);

/// <summary>A baseline as the office enters it; numbers may not be negative.</summary>
/// <param name="Community">Null or empty for the district-wide baseline.</param>
public sealed record BurdenBaselineInput(
    string? Community, int? Items, int? FormsAndLedgers, int? Certificates, decimal? HoursPerMonth, DateOnly? AsOf, string? Source);

/// <summary>
/// The burden of one community in one month: the admitted items it carries, their forms and ledgers, certificate items, estimated
/// hours against the cap, and the funds disbursed to it that month and up to the month's end.
/// </summary>
public sealed record BurdenCell(
    string Month, int Items, int FormsAndLedgers, int Certificates, decimal Hours, bool OverCap, decimal FundsMonth, decimal FundsCumulative);

/// <summary>
/// The burden of a set of communities (the scope, or a street) in one month. Items, forms and certificates count each admitted
/// item once however many communities carry it; hours are per community (average and highest).
/// </summary>
public sealed record BurdenTotal(
    string Month, int Communities, int Items, int FormsAndLedgers, int Certificates, decimal HoursAverage, decimal HoursMax, int CommunitiesOverCap,
    decimal FundsMonth, decimal FundsCumulative);

/// <summary>One community's months.</summary>
public sealed record BurdenCommunityRow(string Code, string Street, string NameZh, string NameEn, IReadOnlyList<BurdenCell> Months);

/// <summary>One street's months.</summary>
public sealed record BurdenStreetRow(string Code, string NameZh, string NameEn, IReadOnlyList<BurdenTotal> Months);

/// <summary>A recorded baseline.</summary>
public sealed record BurdenBaselineView(
    string Unit, bool DistrictWide, int Items, int FormsAndLedgers, int Certificates, decimal HoursPerMonth, DateOnly AsOf, string Source,
    string RecordedBy, DateTimeOffset RecordedAt)
{
    internal static BurdenBaselineView Of(BurdenBaseline b) =>
        new(b.Unit, b.Unit == b.District, b.Items, b.FormsAndLedgers, b.Certificates, b.HoursPerMonth, b.AsOf, b.Source, b.RecordedBy, b.RecordedAt);
}

/// <summary>A measure before admission and now; <see cref="Percent"/> is negative for a reduction (44 → 7: −84.1), null for a zero baseline.</summary>
public sealed record BurdenChange(decimal Baseline, decimal Now, decimal? Percent);

/// <summary>The reduction against the baseline in <see cref="Month"/>; hours compare the baseline's hours with the average community's.</summary>
public sealed record BurdenReduction(string Month, BurdenChange Items, BurdenChange FormsAndLedgers, BurdenChange Certificates, BurdenChange Hours);

/// <summary>
/// The dashboard: per month the totals of the caller's scope (district, street or community), each street and each community,
/// the monthly hours cap, the baseline and the reduction.
/// </summary>
public sealed record BurdenReport(
    string District, string Scope, string? Street, string? Community, string From, string To, decimal CapHours,
    IReadOnlyList<string> Months, IReadOnlyList<BurdenTotal> Totals, IReadOnlyList<BurdenStreetRow> Streets,
    IReadOnlyList<BurdenCommunityRow> Communities, BurdenBaselineView? Baseline, BurdenReduction? Reduction);
