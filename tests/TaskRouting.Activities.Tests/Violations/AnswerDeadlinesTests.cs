using System.Globalization;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Activities.Violations;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Tests.Violations;

/// <summary>The "123" answer deadlines at their edges, on the shipped 2026 calendar (holidays off, make-up days worked).</summary>
public sealed class AnswerDeadlinesTests
{
    private static readonly WorkingDayCalendar Calendar = new(ShippedCalendars.All);

    [Theory]
    [InlineData(ViolationRemit.Street, 1)]
    [InlineData(ViolationRemit.Department, 2)]
    [InlineData(ViolationRemit.SeveralDepartments, 3)]
    public void WorkingDays_TheCommitment_OneTwoThree(ViolationRemit remit, int expected) =>
        Assert.Equal(expected, AnswerDeadlines.WorkingDays(remit));

    [Fact]
    public void WorkingDays_DistrictNumbers_Replace()
    {
        Assert.Equal(2, AnswerDeadlines.WorkingDays(ViolationRemit.Street, street: 2));
        Assert.Equal(5, AnswerDeadlines.WorkingDays(ViolationRemit.SeveralDepartments, severalDepartments: 5));
    }

    [Theory]
    // Accepted on Wednesday 30 Sep, before National Day (1–7 Oct off, Saturday 10 Oct worked): 8 Oct, 9 Oct, 10 Oct.
    [InlineData("2026-09-30T02:00:00Z", ViolationRemit.Street, "2026-10-08")]
    [InlineData("2026-09-30T02:00:00Z", ViolationRemit.Department, "2026-10-09")]
    [InlineData("2026-09-30T02:00:00Z", ViolationRemit.SeveralDepartments, "2026-10-10")]
    // Accepted during the holiday: the count starts after it.
    [InlineData("2026-10-03T04:00:00Z", ViolationRemit.Street, "2026-10-08")]
    // The last second of Thursday 8 Oct (China) and the first of Friday 9 Oct: the day turns at China midnight.
    [InlineData("2026-10-08T15:59:59Z", ViolationRemit.Street, "2026-10-09")]
    [InlineData("2026-10-08T16:00:00Z", ViolationRemit.Street, "2026-10-10")]
    // Friday 18 Sep: Saturday off, Sunday 20 Sep a make-up working day, then Monday.
    [InlineData("2026-09-18T03:00:00Z", ViolationRemit.Street, "2026-09-20")]
    [InlineData("2026-09-18T03:00:00Z", ViolationRemit.Department, "2026-09-21")]
    // Before the Mid-Autumn holiday (25–27 Sep off): Thursday 24 Sep → Monday 28 Sep.
    [InlineData("2026-09-24T03:00:00Z", ViolationRemit.Street, "2026-09-28")]
    // Spring Festival: Friday 13 Feb; Saturday 14 Feb worked, 15–23 Feb off.
    [InlineData("2026-02-13T03:00:00Z", ViolationRemit.Street, "2026-02-14")]
    [InlineData("2026-02-13T03:00:00Z", ViolationRemit.SeveralDepartments, "2026-02-25")]
    // An ordinary weekend: Friday → Monday.
    [InlineData("2026-11-20T03:00:00Z", ViolationRemit.Street, "2026-11-23")]
    public void DueAt_EndOfTheLastWorkingDay_ChinaTime(string acceptedAt, ViolationRemit remit, string expectedDay)
    {
        var due = AnswerDeadlines.DueAt(Calendar, DateTimeOffset.Parse(acceptedAt, CultureInfo.InvariantCulture), AnswerDeadlines.WorkingDays(remit));

        var day = DateOnly.Parse(expectedDay, CultureInfo.InvariantCulture);
        Assert.Equal(day, WorkingDayCalendar.ChinaDate(due));
        Assert.Equal(new TimeSpan(23, 59, 59), due.ToOffset(TimeSpan.FromHours(8)).TimeOfDay);
    }

    [Fact]
    public void DueAt_IntoAYearWithoutCalendar_RefusesToGuess() =>
        Assert.Throws<CalendarUnavailableException>(() => AnswerDeadlines.DueAt(Calendar, new DateTimeOffset(2026, 12, 31, 3, 0, 0, TimeSpan.Zero), 1));
}
