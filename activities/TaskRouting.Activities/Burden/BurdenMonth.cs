using System.Globalization;
using TaskRouting.Activities.ReferenceData;

namespace TaskRouting.Activities.Burden;

/// <summary>
/// A calendar month in China time, the dashboard's unit of time. <see cref="Index"/> counts months from year 0, so
/// month arithmetic is integer arithmetic.
/// </summary>
internal readonly record struct BurdenMonth : IComparable<BurdenMonth>
{
    private BurdenMonth(int index) => Index = index;

    /// <summary><c>Year * 12 + Month - 1</c>.</summary>
    public int Index { get; }

    public int Year => Index / 12;

    public int Month => (Index % 12) + 1;

    public static BurdenMonth Of(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return new BurdenMonth((year * 12) + month - 1);
    }

    public static BurdenMonth Of(DateOnly date) => Of(date.Year, date.Month);

    /// <summary>Reads <c>yyyy-MM</c> (e.g. <c>2026-01</c>) as every reporting period is read (<see cref="ReportingPeriod"/>: years 2000–2099); anything else is not a month.</summary>
    public static bool TryParse(string? text, out BurdenMonth month)
    {
        month = default;
        if (!ReportingPeriod.TryParse(text, allowMonth: true, out var period) || period.Kind != PeriodKind.Month)
        {
            return false;
        }

        month = Of(period.Start);
        return true;
    }

    public BurdenMonth AddMonths(int months) => new(Index + months);

    /// <summary>The first day of the month.</summary>
    public DateOnly FirstDay => new(Year, Month, 1);

    /// <summary>The last day of the month.</summary>
    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    /// <summary>
    /// The instant the month starts in China (Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so the
    /// offset is fixed), in UTC (PostgreSQL takes only UTC instants).
    /// </summary>
    public DateTimeOffset StartsAtUtc => new DateTimeOffset(Year, Month, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    /// <summary>The months from <paramref name="from"/> to <paramref name="to"/>, both included (empty when from is after to).</summary>
    public static IReadOnlyList<BurdenMonth> Range(BurdenMonth from, BurdenMonth to) =>
        to.Index < from.Index ? [] : Enumerable.Range(from.Index, to.Index - from.Index + 1).Select(i => new BurdenMonth(i)).ToList();

    /// <summary>How many months from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static int Count(BurdenMonth from, BurdenMonth to) => Math.Max(0, to.Index - from.Index + 1);

    /// <summary>
    /// The months of <paramref name="from"/>..<paramref name="to"/> in which an item starting on <paramref name="startDate"/> for
    /// <paramref name="durationMonths"/> months is carried, as offsets from <paramref name="from"/>; null when none. An item is carried from
    /// the month it starts through the <c>durationMonths − 1</c> months after (12 months from 15 March 2026: March 2026 to February 2027).
    /// </summary>
    public static (int First, int Last)? CarriedOffsets(DateOnly startDate, int durationMonths, BurdenMonth from, BurdenMonth to)
    {
        if (durationMonths <= 0)
        {
            return null;
        }

        var start = Of(startDate).Index;
        var first = Math.Max(start, from.Index);
        var last = Math.Min(start + durationMonths - 1, to.Index);
        return first > last ? null : (first - from.Index, last - from.Index);
    }

    /// <summary>
    /// The reduction from a baseline in percent, rounded to one decimal (44 → 7 is −84.1); null when the baseline is 0.
    /// </summary>
    public static decimal? ChangePercent(decimal baseline, decimal now) =>
        baseline == 0 ? null : Math.Round((now - baseline) * 100m / baseline, 1, MidpointRounding.AwayFromZero);

    public int CompareTo(BurdenMonth other) => Index.CompareTo(other.Index);

    public static bool operator <(BurdenMonth left, BurdenMonth right) => left.Index < right.Index;

    public static bool operator >(BurdenMonth left, BurdenMonth right) => left.Index > right.Index;

    public static bool operator <=(BurdenMonth left, BurdenMonth right) => left.Index <= right.Index;

    public static bool operator >=(BurdenMonth left, BurdenMonth right) => left.Index >= right.Index;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-{Month:00}");
}
