using TaskRouting.Activities.ReferenceData;

namespace TaskRouting.Activities.Violations;

/// <summary>
/// The "123" answer commitment: a complaint in the street's remit is answered within 1 working day, one for a single
/// department within 2, one needing several departments within 3, counted on the working-day calendar (holidays off,
/// make-up days worked) from the day the case is accepted; the deadline is the end of that working day, China time.
/// A district changes the numbers as inputs of its workflow's answer step.
/// </summary>
public static class AnswerDeadlines
{
    public const int StreetDays = 1;
    public const int DepartmentDays = 2;
    public const int SeveralDepartmentsDays = 3;

    /// <summary>The working days a remit allows, given the district's numbers.</summary>
    public static int WorkingDays(ViolationRemit remit, int street = StreetDays, int department = DepartmentDays, int severalDepartments = SeveralDepartmentsDays) =>
        remit switch
        {
            ViolationRemit.Street => street,
            ViolationRemit.Department => department,
            ViolationRemit.SeveralDepartments => severalDepartments,
            _ => throw new ArgumentOutOfRangeException(nameof(remit), remit, null),
        };

    /// <summary>The answer deadline of a case accepted at <paramref name="acceptedAt"/>.</summary>
    /// <exception cref="CalendarUnavailableException">A day counted lies in a year without calendar data.</exception>
    public static DateTimeOffset DueAt(WorkingDayCalendar calendar, DateTimeOffset acceptedAt, int workingDays)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.AddWorkingDays(acceptedAt, workingDays, null);
    }
}
