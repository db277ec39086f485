using System.Globalization;
using TaskRouting.Platform.Http;

namespace TaskRouting.Activities.ReferenceData;

/// <summary>Whether a period is a calendar month or a half-year.</summary>
internal enum PeriodKind { Month, HalfYear }

/// <summary>
/// A reporting period in China dates: a half-year written <c>2026-H1</c> / <c>2026-H2</c> (evaluations, inspections)
/// or a month written <c>2026-03</c> (inspections, notices). <see cref="End"/> is the period's last day, inclusive.
/// </summary>
internal sealed record ReportingPeriod(string Code, PeriodKind Kind, DateOnly Start, DateOnly End)
{
    /// <summary>Reads a period; months only when <paramref name="allowMonth"/>. Years outside 2000–2099 are refused.</summary>
    public static bool TryParse(string? text, bool allowMonth, out ReportingPeriod period)
    {
        period = null!;
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2099)
        {
            return false;
        }

        if (text[5] == 'H' && text[6] is '1' or '2')
        {
            period = HalfYear(year, text[6] - '0');
            return true;
        }

        if (allowMonth && char.IsAsciiDigit(text[5]) && char.IsAsciiDigit(text[6])
            && int.Parse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture) is var month and >= 1 and <= 12)
        {
            period = new(text, PeriodKind.Month, new DateOnly(year, month, 1), new DateOnly(year, month, 1).AddMonths(1).AddDays(-1));
            return true;
        }

        return false;
    }

    /// <summary>
    /// Reads a required <c>period</c> field of the kinds allowed; a missing or malformed one adds a field error naming
    /// the accepted forms and gives null.
    /// </summary>
    public static ReportingPeriod? Field(string? text, PeriodKind[] allowed, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new("period", "期间不能为空 / period is required"));
            return null;
        }

        if (TryParse(text.Trim(), allowed.Contains(PeriodKind.Month), out var period) && allowed.Contains(period.Kind))
        {
            return period;
        }

        var zh = string.Join("或", allowed.Select(k => k == PeriodKind.Month ? "月份 2026-03" : "半年 2026-H1"));
        var en = string.Join(" or ", allowed.Select(k => k == PeriodKind.Month ? "a month like 2026-03" : "a half-year like 2026-H1"));
        errors.Add(new("period", $"期间格式应为{zh} / period must be {en}"));
        return null;
    }

    /// <summary>The half-year containing <paramref name="date"/>.</summary>
    public static ReportingPeriod HalfYearOf(DateOnly date) => HalfYear(date.Year, date.Month <= 6 ? 1 : 2);

    private static ReportingPeriod HalfYear(int year, int half)
    {
        var first = half == 1 ? 1 : 7;
        return new(string.Create(CultureInfo.InvariantCulture, $"{year:0000}-H{half}"), PeriodKind.HalfYear,
            new DateOnly(year, first, 1), new DateOnly(year, first + 5, 1).AddMonths(1).AddDays(-1));
    }

    /// <summary>True when <paramref name="date"/> lies in the period.</summary>
    public bool Contains(DateOnly date) => date >= Start && date <= End;

    public override string ToString() => Code;
}
