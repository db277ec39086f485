namespace TaskRouting.Workflows.Runtime.Execution;

/// <summary>
/// Working-day arithmetic for due dates. The runtime does not know any holidays: the host supplies the calendar
/// (the admission domain's national holiday calendar with its make-up working days). An implementation must refuse
/// dates it has no data for (throw <see cref="CalendarUnavailableException"/>) rather than guess.
/// </summary>
public interface IBusinessCalendar
{
    /// <summary>The end of the working day that is <paramref name="workingDays"/> working days after <paramref name="from"/>.</summary>
    DateTimeOffset AddWorkingDays(DateTimeOffset from, int workingDays, string? scope);
}

/// <summary>The calendar has no data for a date it was asked about.</summary>
public sealed class CalendarUnavailableException(string message) : Exception(message);
