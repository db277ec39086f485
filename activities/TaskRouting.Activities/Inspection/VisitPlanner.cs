using TaskRouting.Activities.ReferenceData;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Inspection;

/// <summary>The pure rules of unified inspections: which requests share a visit and on which working day it takes place.</summary>
internal static class VisitPlanner
{
    /// <summary>Open requested communities grouped by community: each group is one visit (the period is the caller's).</summary>
    public static IReadOnlyList<(string Community, IReadOnlyList<InspectionTarget> Targets)> Merge(IEnumerable<InspectionTarget> open) =>
        open.GroupBy(t => t.CommunityCode, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<InspectionTarget>)g.OrderBy(t => t.RequestId).ToList()))
            .ToList();

    /// <summary>
    /// The first working day on or after the latest requested from-date (the period's start when none is given, and
    /// never before <paramref name="today"/>) that still lies in the period; null when the period has none left.
    /// </summary>
    /// <exception cref="CalendarUnavailableException">The calendar has no data for a day examined.</exception>
    public static DateOnly? ScheduledOn(WorkingDayCalendar calendar, ReportingPeriod period, IEnumerable<DateOnly?> preferredFrom, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(period);
        var from = preferredFrom.OfType<DateOnly>().Append(period.Start).Append(today).Max();
        for (var day = from; day <= period.End; day = day.AddDays(1))
        {
            if (calendar.IsWorkingDay(day))
            {
                return day;
            }
        }

        return null;
    }
}
