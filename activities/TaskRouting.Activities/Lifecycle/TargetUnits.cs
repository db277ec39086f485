using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Organisation;

namespace TaskRouting.Activities.Lifecycle;

/// <summary>A community an application reaches, with its street.</summary>
public sealed record TargetCommunity(string Code, string StreetCode, string NameZh, string NameEn);

/// <summary>
/// What an application's targets mean in units: the whole district, the communities of the target streets and
/// the target communities themselves. Votes go to each street concerned and each community; dispatches go to each community.
/// </summary>
public static class TargetUnits
{
    public static async Task<IReadOnlyList<TargetCommunity>> CommunitiesAsync(DbContext db, Application application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(application);
        var streets = application.TargetStreets;
        var communities = application.TargetCommunities;
        var wholeDistrict = application.WholeDistrict;
        var rows = await db.Set<Community>().AsNoTracking()
            .Where(c => c.DistrictCode == application.District
                && (wholeDistrict || streets.Contains(c.StreetCode) || communities.Contains(c.Code)))
            .OrderBy(c => c.Code)
            .Select(c => new TargetCommunity(c.Code, c.StreetCode, c.NameZh, c.NameEn))
            .ToListAsync(cancellationToken);
        return rows;
    }

    /// <summary>The streets concerned: the target streets and the streets of the target communities.</summary>
    public static IReadOnlyList<string> Streets(Application application, IReadOnlyList<TargetCommunity> communities)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(communities);
        return application.TargetStreets.Concat(communities.Select(c => c.StreetCode)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
