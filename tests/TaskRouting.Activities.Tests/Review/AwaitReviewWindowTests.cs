using TaskRouting.Activities.ReferenceData;
using TaskRouting.Activities.Review;

namespace TaskRouting.Activities.Tests.Review;

public sealed class AwaitReviewWindowTests
{
    private static readonly WorkingDayCalendar Calendar = new(ShippedCalendars.All);

    [Fact]
    public void NextOpening_InJanuary2026_IsSundayTheFourth_AMakeUpWorkingDay() =>
        Assert.Equal(new DateOnly(2026, 1, 4), AwaitReviewWindow.NextOpening(Calendar, new DateOnly(2026, 1, 1)));

    [Fact]
    public void NextOpening_AfterTheJanuaryWindow_IsTheFirstOfJuly() =>
        Assert.Equal(new DateOnly(2026, 7, 1), AwaitReviewWindow.NextOpening(Calendar, new DateOnly(2026, 1, 4)));

    [Fact]
    public void NextOpening_NextYearUnknown_IsNullNotAGuess() =>
        Assert.Null(AwaitReviewWindow.NextOpening(Calendar, new DateOnly(2026, 8, 1)));
}
