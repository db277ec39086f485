using TaskRouting.Activities.ReferenceData;

namespace TaskRouting.Activities.Tests.ReferenceData;

public sealed class ReportingPeriodTests
{
    [Theory]
    [InlineData("2026-H1", 2026, 1, 1, 2026, 6, 30)]
    [InlineData("2026-H2", 2026, 7, 1, 2026, 12, 31)]
    public void TryParse_HalfYear_SpansSixMonths(string text, int y1, int m1, int d1, int y2, int m2, int d2)
    {
        Assert.True(ReportingPeriod.TryParse(text, allowMonth: false, out var period));
        Assert.Equal((PeriodKind.HalfYear, new DateOnly(y1, m1, d1), new DateOnly(y2, m2, d2)), (period.Kind, period.Start, period.End));
        Assert.Equal(text, period.ToString());
    }

    [Theory]
    [InlineData("2026-02", 2026, 2, 28)]
    [InlineData("2028-02", 2028, 2, 29)]
    [InlineData("2026-12", 2026, 12, 31)]
    public void TryParse_Month_EndsOnItsLastDay(string text, int year, int month, int lastDay)
    {
        Assert.True(ReportingPeriod.TryParse(text, allowMonth: true, out var period));
        Assert.Equal((PeriodKind.Month, new DateOnly(year, month, 1), new DateOnly(year, month, lastDay)), (period.Kind, period.Start, period.End));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-H3")]
    [InlineData("2026-h1")]
    [InlineData("2026H1")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-3")]
    [InlineData("1999-H1")]
    [InlineData("+026-H1")]
    [InlineData("2026-H1 ")]
    public void TryParse_Malformed_IsRefused(string? text) => Assert.False(ReportingPeriod.TryParse(text, allowMonth: true, out _));

    [Fact]
    public void TryParse_Month_WhenOnlyHalfYearsAllowed_IsRefused() => Assert.False(ReportingPeriod.TryParse("2026-03", allowMonth: false, out _));

    [Theory]
    [InlineData(2026, 6, 30, "2026-H1")]
    [InlineData(2026, 7, 1, "2026-H2")]
    public void HalfYearOf_Date_IsItsHalf(int year, int month, int day, string expected) =>
        Assert.Equal(expected, ReportingPeriod.HalfYearOf(new DateOnly(year, month, day)).Code);
}
