using TaskRouting.Activities.Evaluation;
using TaskRouting.Activities.ReferenceData;

namespace TaskRouting.Activities.Tests.Evaluation;

public sealed class EvaluationRulesTests
{
    private static ReportingPeriod Period(string code)
    {
        Assert.True(ReportingPeriod.TryParse(code, allowMonth: false, out var period));
        return period;
    }

    [Theory]
    [InlineData(2026, 1, 1)]
    [InlineData(2026, 6, 30)]
    [InlineData(2026, 8, 29)]
    public void Closed_FromTheStartUntil60DaysAfterTheEnd_IsOpen(int year, int month, int day) =>
        Assert.Null(EvaluationRules.Closed(Period("2026-H1"), new DateOnly(year, month, day)));

    [Fact]
    public void Closed_BeforeTheStart_HasNotStarted() =>
        Assert.Contains("尚未开始", EvaluationRules.Closed(Period("2026-H2"), new DateOnly(2026, 6, 30)), StringComparison.Ordinal);

    [Fact]
    public void Closed_61DaysAfterTheEnd_IsClosed() =>
        Assert.Contains("2026-08-29", EvaluationRules.Closed(Period("2026-H1"), new DateOnly(2026, 8, 30)), StringComparison.Ordinal);

    [Fact]
    public void Average_RoundsToOneDecimal_NullWithoutScores()
    {
        Assert.Equal(83.3, EvaluationRules.Average(250, 3));
        Assert.Null(EvaluationRules.Average(0, 0));
    }

    [Fact]
    public void Distribution_CountsEachBand_BoundsInclusive()
    {
        var bands = EvaluationRules.Distribution([0, 59, 60, 79, 80, 89, 90, 100, 100]);
        Assert.Equal([2, 1, 1, 2, 3], bands.Select(b => b.Count));
        Assert.Equal((90, 100), (bands[^1].From, bands[^1].To));
    }

    [Fact]
    public void Rank_EqualAveragesShareARank_UnevaluatedLastWithoutRank()
    {
        var ranking = EvaluationRules.Rank([("A", "甲", "A", 160, 2), ("B", "乙", "B", 0, 0), ("C", "丙", "C", 270, 3), ("D", "丁", "D", 80, 1), ("E", "戊", "E", 70, 1)]);
        Assert.Equal(["C", "A", "D", "E", "B"], ranking.Select(r => r.Code));
        Assert.Equal([1, 2, 2, 4, null], ranking.Select(r => r.Rank));
        Assert.Equal(90.0, ranking[0].Average);
    }
}
