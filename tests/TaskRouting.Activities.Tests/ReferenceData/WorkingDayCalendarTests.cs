using TaskRouting.Activities.ReferenceData;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Tests.ReferenceData;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = new(ShippedCalendars.All);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static CalendarYear Year2027(string name = "元旦") => new(
        2027,
        "test data",
        [new CalendarDay(D(2027, 1, 1), CalendarDayKind.Holiday, name, "New Year's Day")]);

    [Fact]
    public void Years_Shipped_Contains2026Only()
    {
        Assert.Equal([2026], Calendar.Years);
        Assert.True(Calendar.HasYear(2026));
        Assert.False(Calendar.HasYear(2027));
    }

    [Fact]
    public void FirstWorkingDayOf_January2026_IsMakeUpSunday()
    {
        var first = Calendar.FirstWorkingDayOf(2026, 1);

        Assert.Equal(D(2026, 1, 4), first);
        Assert.Equal(DayOfWeek.Sunday, first.DayOfWeek);
    }

    [Fact]
    public void FirstWorkingDayOf_July2026_IsFirstOfMonth()
    {
        Assert.Equal(D(2026, 7, 1), Calendar.FirstWorkingDayOf(2026, 7));
    }

    [Theory]
    [InlineData(2, 14)]
    [InlineData(2, 28)]
    [InlineData(10, 10)]
    [InlineData(9, 20)]
    [InlineData(1, 4)]
    public void IsWorkingDay_MakeUpWeekendDay_IsTrue(int month, int day)
    {
        Assert.True(Calendar.IsWorkingDay(D(2026, month, day)));
    }

    [Theory]
    [InlineData(3, 7)]
    [InlineData(3, 8)]
    public void IsWorkingDay_OrdinaryWeekendDay_IsFalse(int month, int day)
    {
        Assert.False(Calendar.IsWorkingDay(D(2026, month, day)));
    }

    [Theory]
    [InlineData(2, 16)]
    [InlineData(10, 1)]
    [InlineData(1, 1)]
    [InlineData(6, 19)]
    public void IsWorkingDay_WeekdayHoliday_IsFalse(int month, int day)
    {
        Assert.False(Calendar.IsWorkingDay(D(2026, month, day)));
    }

    [Fact]
    public void IsWorkingDay_OrdinaryWeekday_IsTrue()
    {
        Assert.True(Calendar.IsWorkingDay(D(2026, 3, 9)));
    }

    [Fact]
    public void Describe_HolidayAndOrdinaryDay_ReturnsListedDayOrNull()
    {
        var day = Calendar.Describe(D(2026, 2, 17));

        Assert.NotNull(day);
        Assert.Equal(CalendarDayKind.Holiday, day.Kind);
        Assert.Equal("春节", day.NameZh);
        Assert.Null(Calendar.Describe(D(2026, 3, 9)));
        Assert.Throws<CalendarUnavailableException>(() => Calendar.Describe(D(2027, 3, 9)));
    }

    [Theory]
    [InlineData(13, 1, 2, 14)] // Friday + 1: the make-up Saturday
    [InlineData(13, 2, 2, 24)] // then the whole Spring Festival is skipped
    [InlineData(13, 3, 2, 25)]
    [InlineData(12, 3, 2, 24)]
    public void AddWorkingDays_AcrossSpringFestival_SkipsHolidaysAndCountsMakeUpDay(int fromDay, int days, int month, int day)
    {
        Assert.Equal(D(2026, month, day), Calendar.AddWorkingDays(D(2026, 2, fromDay), days));
    }

    [Fact]
    public void AddWorkingDays_DeadlineOnNationalDay_MovesPastHoliday()
    {
        Assert.Equal(D(2026, 10, 8), Calendar.AddWorkingDays(D(2026, 9, 30), 1));
    }

    [Fact]
    public void AddWorkingDays_DeadlineOnQingming_MovesPastHoliday()
    {
        Assert.Equal(D(2026, 4, 7), Calendar.AddWorkingDays(D(2026, 4, 3), 1));
    }

    [Fact]
    public void AddWorkingDays_FromHolidayItself_DoesNotCountStartDate()
    {
        // From a holiday: the first working day after it is day 1.
        Assert.Equal(D(2026, 2, 25), Calendar.AddWorkingDays(D(2026, 2, 20), 2));
        // From a working day: the working day itself is not counted.
        Assert.Equal(D(2026, 3, 10), Calendar.AddWorkingDays(D(2026, 3, 9), 1));
    }

    [Fact]
    public void AddWorkingDays_Zero_ReturnsDateOrNextWorkingDay()
    {
        Assert.Equal(D(2026, 3, 9), Calendar.AddWorkingDays(D(2026, 3, 9), 0));
        Assert.Equal(D(2026, 2, 24), Calendar.AddWorkingDays(D(2026, 2, 15), 0));
        Assert.Equal(D(2026, 2, 14), Calendar.AddWorkingDays(D(2026, 2, 14), 0));
    }

    [Fact]
    public void AddWorkingDays_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(D(2026, 3, 9), -1));
    }

    [Fact]
    public void NextWorkingDayOnOrAfter_WeekendAndHoliday_SkipsToWorkingDay()
    {
        Assert.Equal(D(2026, 3, 9), Calendar.NextWorkingDayOnOrAfter(D(2026, 3, 7)));
        Assert.Equal(D(2026, 10, 8), Calendar.NextWorkingDayOnOrAfter(D(2026, 10, 1)));
        Assert.Equal(D(2026, 10, 10), Calendar.NextWorkingDayOnOrAfter(D(2026, 10, 10)));
    }

    [Fact]
    public void WorkingDaysBetween_AcrossSpringFestival_CountsThree()
    {
        Assert.Equal(3, Calendar.WorkingDaysBetween(D(2026, 2, 13), D(2026, 2, 25)));
    }

    [Fact]
    public void WorkingDaysBetween_ToNotAfterFrom_IsZero()
    {
        Assert.Equal(0, Calendar.WorkingDaysBetween(D(2026, 2, 25), D(2026, 2, 25)));
        Assert.Equal(0, Calendar.WorkingDaysBetween(D(2026, 2, 25), D(2026, 2, 13)));
    }

    [Fact]
    public void WorkingDaysBetween_WholeYear2026_Is248()
    {
        // 261 weekdays, minus 19 holidays on weekdays, plus 6 make-up days. The start date is exclusive, so a start
        // in 2025 (no data) is never looked at.
        Assert.Equal(248, Calendar.WorkingDaysBetween(D(2025, 12, 31), D(2026, 12, 31)));
    }

    [Fact]
    public void ChinaDate_EveningUtc_IsNextDayInChina()
    {
        Assert.Equal(D(2026, 2, 14), WorkingDayCalendar.ChinaDate(new DateTimeOffset(2026, 2, 13, 17, 0, 0, TimeSpan.Zero)));
        Assert.Equal(D(2026, 2, 13), WorkingDayCalendar.ChinaDate(new DateTimeOffset(2026, 2, 13, 15, 59, 59, TimeSpan.Zero)));
    }

    [Fact]
    public void EndOfDay_Date_Is235959China()
    {
        var end = WorkingDayCalendar.EndOfDay(D(2026, 2, 24));

        Assert.Equal(new DateTimeOffset(2026, 2, 24, 23, 59, 59, TimeSpan.FromHours(8)), end);
        Assert.Equal(TimeSpan.FromHours(8), end.Offset);
        Assert.Equal(TimeSpan.FromHours(8), WorkingDayCalendar.ChinaTime.BaseUtcOffset);
    }

    [Fact]
    public void AddWorkingDays_Instant_UsesChinaDateAndReturnsEndOfDay()
    {
        IBusinessCalendar calendar = Calendar;

        // 2026-02-13T17:00Z is Saturday 2026-02-14 01:00 in China (a make-up working day, not counted): +1 is 02-24.
        var late = calendar.AddWorkingDays(new DateTimeOffset(2026, 2, 13, 17, 0, 0, TimeSpan.Zero), 1, null);
        // 2026-02-13T09:00Z is still Friday 02-13 in China: +1 is the make-up Saturday.
        var early = calendar.AddWorkingDays(new DateTimeOffset(2026, 2, 13, 9, 0, 0, TimeSpan.Zero), 1, "district-x");

        Assert.Equal(new DateTimeOffset(2026, 2, 24, 23, 59, 59, TimeSpan.FromHours(8)), late);
        Assert.Equal(TimeSpan.FromHours(8), late.Offset);
        Assert.Equal(new DateTimeOffset(2026, 2, 14, 23, 59, 59, TimeSpan.FromHours(8)), early);
    }

    [Fact]
    public void IsWorkingDay_YearWithoutData_ThrowsNamingYear()
    {
        var ex = Assert.Throws<CalendarUnavailableException>(() => Calendar.IsWorkingDay(D(2027, 3, 1)));

        Assert.Contains("2027", ex.Message, StringComparison.Ordinal);
        Assert.Contains(" / ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddWorkingDays_CrossingIntoYearWithoutData_Throws()
    {
        // 2026-12-30 is a Wednesday: +1 is Thursday 12-31; +2 needs 2027.
        Assert.Equal(D(2026, 12, 31), Calendar.AddWorkingDays(D(2026, 12, 30), 1));

        var ex = Assert.Throws<CalendarUnavailableException>(() => Calendar.AddWorkingDays(D(2026, 12, 30), 2));
        Assert.Contains("2027", ex.Message, StringComparison.Ordinal);
        Assert.Throws<CalendarUnavailableException>(() =>
            ((IBusinessCalendar)Calendar).AddWorkingDays(new DateTimeOffset(2026, 12, 28, 10, 0, 0, TimeSpan.FromHours(8)), 5, null));
    }

    [Fact]
    public void AddWorkingDays_With2027Data_CrossesYearEnd()
    {
        var calendar = new WorkingDayCalendar([.. ShippedCalendars.All, Year2027()]);

        // 12-31 (Thu) is day 1; 2027-01-01 (Fri) is a holiday; 01-02/03 weekend; 01-04 (Mon) is day 2.
        Assert.Equal(D(2027, 1, 4), calendar.AddWorkingDays(D(2026, 12, 30), 2));
        Assert.Equal([2026, 2027], calendar.Years);
    }

    [Fact]
    public void Constructor_SameYearTwice_LaterEntryReplacesEarlier()
    {
        var replacement = new CalendarYear(
            2027,
            "corrected",
            [new CalendarDay(D(2027, 1, 4), CalendarDayKind.Holiday, "测试", "Test")]);

        var calendar = new WorkingDayCalendar([Year2027(), replacement]);

        Assert.True(calendar.IsWorkingDay(D(2027, 1, 1)));
        Assert.False(calendar.IsWorkingDay(D(2027, 1, 4)));
        Assert.Equal("测试", calendar.Describe(D(2027, 1, 4))?.NameZh);
        Assert.Equal([2027], calendar.Years);
    }

    [Fact]
    public void Constructor_InvalidYear_Throws()
    {
        var invalid = new CalendarYear(
            2027,
            "bad",
            [new CalendarDay(D(2027, 1, 5), CalendarDayKind.MakeUpWorkday, "调休", "Make-up")]);

        var ex = Assert.Throws<ArgumentException>(() => new WorkingDayCalendar([invalid]));

        Assert.Contains("days[0].kind", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoYears_RefusesEveryDate()
    {
        var empty = new WorkingDayCalendar([]);

        Assert.Empty(empty.Years);
        Assert.Throws<CalendarUnavailableException>(() => empty.IsWorkingDay(D(2026, 3, 9)));
    }
}
