using TaskRouting.Activities.Burden;

namespace TaskRouting.Activities.Tests.Burden;

public sealed class BurdenMonthTests
{
    [Theory]
    [InlineData("2026-01", 2026, 1)]
    [InlineData("2026-12", 2026, 12)]
    [InlineData("2099-07", 2099, 7)]
    public void TryParse_YearDashMonth_ReadsTheMonth(string text, int year, int month)
    {
        Assert.True(BurdenMonth.TryParse(text, out var parsed));
        Assert.Equal((year, month), (parsed.Year, parsed.Month));
        Assert.Equal(text, parsed.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-1")]
    [InlineData("2026/01")]
    [InlineData("26-01-01")]
    [InlineData("+026-01")]
    [InlineData("0000-01")]
    [InlineData("0999-07")]
    [InlineData("2026-H1")]
    public void TryParse_AnythingElse_IsNotAMonth(string? text) => Assert.False(BurdenMonth.TryParse(text, out _));

    [Fact]
    public void AddMonths_CrossesYears()
    {
        Assert.Equal(BurdenMonth.Of(2027, 2), BurdenMonth.Of(2026, 3).AddMonths(11));
        Assert.Equal(BurdenMonth.Of(2025, 12), BurdenMonth.Of(2026, 1).AddMonths(-1));
    }

    [Fact]
    public void Range_IncludesBothEnds_EmptyWhenReversed()
    {
        var months = BurdenMonth.Range(BurdenMonth.Of(2025, 11), BurdenMonth.Of(2026, 2));
        Assert.Equal(["2025-11", "2025-12", "2026-01", "2026-02"], months.Select(m => m.ToString()).ToArray());
        Assert.Equal(4, BurdenMonth.Count(BurdenMonth.Of(2025, 11), BurdenMonth.Of(2026, 2)));
        Assert.Equal(36, BurdenMonth.Count(BurdenMonth.Of(2026, 1), BurdenMonth.Of(2028, 12)));
        Assert.Empty(BurdenMonth.Range(BurdenMonth.Of(2026, 2), BurdenMonth.Of(2026, 1)));
        Assert.Equal(0, BurdenMonth.Count(BurdenMonth.Of(2026, 2), BurdenMonth.Of(2026, 1)));
    }

    [Fact]
    public void Days_AndStart_FollowChinaTime()
    {
        var february = BurdenMonth.Of(2028, 2);
        Assert.Equal(new DateOnly(2028, 2, 1), february.FirstDay);
        Assert.Equal(new DateOnly(2028, 2, 29), february.LastDay);
        // Midnight on 1 February in Beijing is 16:00 UTC the day before.
        Assert.Equal(new DateTimeOffset(2028, 1, 31, 16, 0, 0, TimeSpan.Zero), february.StartsAtUtc);
        Assert.Equal(TimeSpan.Zero, february.StartsAtUtc.Offset);
    }

    [Theory]
    // Twelve months from 15 March 2026: March 2026 to February 2027.
    [InlineData("2026-03-15", 12, "2026-01", "2026-12", 2, 11)]
    [InlineData("2026-03-15", 12, "2027-01", "2027-06", 0, 1)]
    [InlineData("2026-03-15", 12, "2027-03", "2027-06", null, null)]
    [InlineData("2026-03-15", 1, "2026-03", "2026-03", 0, 0)]
    [InlineData("2026-07-01", 6, "2026-01", "2026-06", null, null)]
    [InlineData("2025-01-01", 60, "2026-01", "2026-12", 0, 11)]
    [InlineData("2026-03-15", 0, "2026-01", "2026-12", null, null)]
    public void CarriedOffsets_FromTheStartMonthForTheDuration(string start, int duration, string from, string to, int? first, int? last)
    {
        Assert.True(BurdenMonth.TryParse(from, out var f));
        Assert.True(BurdenMonth.TryParse(to, out var t));
        var span = BurdenMonth.CarriedOffsets(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), duration, f, t);
        Assert.Equal(first is null ? null : (first.Value, last!.Value), span);
    }

    [Theory]
    // Beijing: 44 forms cut to 7 (the sources' 84%); certificates 100 to 4.
    [InlineData(44, 7, -84.1)]
    [InlineData(100, 4, -96)]
    [InlineData(150, 6, -96)]
    [InlineData(10, 10, 0)]
    [InlineData(10, 15, 50)]
    public void ChangePercent_RoundsToOneDecimal(int baseline, int now, double percent) =>
        Assert.Equal((decimal)percent, BurdenMonth.ChangePercent(baseline, now));

    [Fact]
    public void ChangePercent_ZeroBaseline_IsNull() => Assert.Null(BurdenMonth.ChangePercent(0, 5));
}
