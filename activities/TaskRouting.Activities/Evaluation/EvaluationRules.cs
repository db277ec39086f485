using TaskRouting.Activities.ReferenceData;

namespace TaskRouting.Activities.Evaluation;

/// <summary>A score band of a distribution, bounds inclusive.</summary>
public sealed record ScoreBand(int From, int To, int Count);

/// <summary>One line of a ranking; units nobody evaluated come last without a rank.</summary>
public sealed record RankingLine(int? Rank, string Code, string NameZh, string NameEn, double? Average, int Count);

/// <summary>The pure rules of the two-way evaluation: when a period may be evaluated, averages, bands and ranks.</summary>
internal static class EvaluationRules
{
    /// <summary>How long after its end a half-year may still be evaluated.</summary>
    public const int GraceDays = 60;

    private static readonly (int From, int To)[] Bands = [(0, 59), (60, 69), (70, 79), (80, 89), (90, 100)];

    /// <summary>Why <paramref name="period"/> cannot be evaluated on <paramref name="today"/> (China date), or null when it can.</summary>
    public static string? Closed(ReportingPeriod period, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (today < period.Start)
        {
            return $"评议期 {period} 尚未开始 / the period {period} has not started";
        }

        return today > period.End.AddDays(GraceDays)
            ? $"评议期 {period} 已于 {period.End.AddDays(GraceDays):yyyy-MM-dd} 截止(期末后 {GraceDays} 天)/ the period {period} closed on {period.End.AddDays(GraceDays):yyyy-MM-dd} ({GraceDays} days after its end)"
            : null;
    }

    /// <summary>The average rounded to one decimal, or null for no scores.</summary>
    public static double? Average(long sum, int count) => count == 0 ? null : Math.Round((double)sum / count, 1, MidpointRounding.AwayFromZero);

    /// <summary>How many scores fall in each band: below 60, the sixties, seventies, eighties, 90 and above.</summary>
    public static IReadOnlyList<ScoreBand> Distribution(IEnumerable<int> scores)
    {
        var list = scores.ToList();
        return Bands.Select(b => new ScoreBand(b.From, b.To, list.Count(s => s >= b.From && s <= b.To))).ToList();
    }

    /// <summary>Orders units by average, highest first; equal averages share a rank (1, 2, 2, 4); unevaluated units last, unranked.</summary>
    public static IReadOnlyList<RankingLine> Rank(IEnumerable<(string Code, string NameZh, string NameEn, long Sum, int Count)> units)
    {
        var lines = units.Select(u => (u.Code, u.NameZh, u.NameEn, Average: Average(u.Sum, u.Count), u.Count))
            .OrderByDescending(u => u.Average.HasValue).ThenByDescending(u => u.Average).ThenByDescending(u => u.Count).ThenBy(u => u.Code, StringComparer.Ordinal)
            .ToList();
        var ranked = new List<RankingLine>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            int? rank = line.Average is null ? null
                : i > 0 && lines[i - 1].Average == line.Average ? ranked[i - 1].Rank
                : i + 1;
            ranked.Add(new(rank, line.Code, line.NameZh, line.NameEn, line.Average, line.Count));
        }

        return ranked;
    }
}
