using TaskRouting.Activities.Intake;
using TaskRouting.Activities.ReferenceData;

namespace TaskRouting.Activities.Tests.Intake;

public sealed class EmergencyLeadTimeTests
{
    private static readonly WorkingDayCalendar Calendar = new(ShippedCalendars.All);

    [Theory]
    // Friday before the Spring Festival: Sat 14 Feb is a make-up working day (1), then the holiday until 23 Feb (2 = 24 Feb, 3 = 25 Feb).
    [InlineData("2026-02-13", "2026-02-25")]
    [InlineData("2026-02-12", "2026-02-24")]
    // New Year: 1–3 Jan off, Sunday 4 Jan worked.
    [InlineData("2025-12-31", "2026-01-06")]
    // A deadline that would fall in the National Day holiday moves past it.
    [InlineData("2026-09-29", "2026-10-09")]
    public void EarliestNeededBy_ThreeWorkingDays_FollowsTheHolidayCalendar(string filed, string earliest) =>
        Assert.Equal(DateOnly.Parse(earliest, System.Globalization.CultureInfo.InvariantCulture),
            ApplicationValidator.EarliestNeededBy(Calendar, DateOnly.Parse(filed, System.Globalization.CultureInfo.InvariantCulture), 3));
}
