using TaskRouting.Activities.Inspection;
using TaskRouting.Activities.ReferenceData;

namespace TaskRouting.Activities.Tests.Inspection;

public sealed class VisitPlannerTests
{
    private static readonly WorkingDayCalendar Calendar = new(ShippedCalendars.All);

    private static ReportingPeriod Period(string code)
    {
        Assert.True(ReportingPeriod.TryParse(code, allowMonth: true, out var period));
        return period;
    }

    private static InspectionTarget Target(Guid request, string community) => new() { RequestId = request, CommunityCode = community, District = "DX", Period = "2026-10" };

    [Fact]
    public void Merge_TwoRequestsForTheSameCommunity_AreOneVisit()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        var groups = VisitPlanner.Merge([Target(a, "DX01002"), Target(a, "DX01001"), Target(b, "DX01001")]);
        Assert.Equal(["DX01001", "DX01002"], groups.Select(g => g.Community));
        Assert.Equal(new[] { a, b }.Order(), groups[0].Targets.Select(t => t.RequestId));
        Assert.Single(groups[1].Targets);
    }

    [Fact]
    public void ScheduledOn_FromTheNationalDayHoliday_IsTheFirstDayAfterIt() =>
        Assert.Equal(new DateOnly(2026, 10, 8), VisitPlanner.ScheduledOn(Calendar, Period("2026-10"), [new DateOnly(2026, 10, 1), null], new DateOnly(2026, 7, 20)));

    [Fact]
    public void ScheduledOn_TheMakeUpSaturday_IsAWorkingDay() =>
        Assert.Equal(new DateOnly(2026, 10, 10), VisitPlanner.ScheduledOn(Calendar, Period("2026-10"), [new DateOnly(2026, 10, 10)], new DateOnly(2026, 7, 20)));

    [Fact]
    public void ScheduledOn_FollowsTheLatestFromDate() =>
        Assert.Equal(new DateOnly(2026, 10, 19), VisitPlanner.ScheduledOn(Calendar, Period("2026-10"), [new DateOnly(2026, 10, 8), new DateOnly(2026, 10, 17)], new DateOnly(2026, 7, 20)));

    [Fact]
    public void ScheduledOn_NoFromDate_IsTheFirstWorkingDayOfThePeriodButNotBeforeToday()
    {
        Assert.Equal(new DateOnly(2026, 10, 8), VisitPlanner.ScheduledOn(Calendar, Period("2026-10"), [], new DateOnly(2026, 7, 20)));
        Assert.Equal(new DateOnly(2026, 7, 20), VisitPlanner.ScheduledOn(Calendar, Period("2026-H2"), [null], new DateOnly(2026, 7, 18)));
    }

    [Fact]
    public void ScheduledOn_NoWorkingDayLeftInThePeriod_IsNull() =>
        Assert.Null(VisitPlanner.ScheduledOn(Calendar, Period("2026-10"), [], new DateOnly(2026, 11, 2)));
}
