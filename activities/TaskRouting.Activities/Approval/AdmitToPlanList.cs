using TaskRouting.Contracts;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Approval;

/// <summary>
/// Admits the approved item: gives it an admission number (district, year, half or EM for the emergency track,
/// sequence) and enters it in the year's public community work plan list.
/// </summary>
[Activity("TaskRouting.Admission.Admit",
    CategoryZh = "准入", CategoryEn = "Admission",
    DisplayNameZh = "列入计划清单", DisplayNameEn = "Admit to the plan list",
    DescriptionZh = "编准入号并列入年度社区工作事项计划清单。", DescriptionEn = "Numbers the item and enters it in the year's community work plan list.")]
[Outcome("Done", DisplayNameZh = "完成", DisplayNameEn = "Done")]
public sealed class AdmitToPlanList : AdmissionActivity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = Db(context);
        var application = await ApplicationAsync(context, cancellationToken);
        if (application.AdmissionNumber is not null)
        {
            return ActivityResult.Done();
        }

        var today = WorkingDayCalendar.ChinaDate(context.Now);
        var series = application.Urgent ? AdmissionSeries.EM : today.Month <= 6 ? AdmissionSeries.H1 : AdmissionSeries.H2;
        var last = await db.Set<PlanListEntry>()
            .Where(p => p.District == application.District && p.Year == today.Year && p.Series == series.ToString())
            .MaxAsync(p => (int?)p.Sequence, cancellationToken) ?? 0;
        var number = new AdmissionNumber(application.District, today.Year, series, last + 1).ToString();
        var communities = await TargetUnits.CommunitiesAsync(db, application, cancellationToken);
        var entry = new PlanListEntry
        {
            Number = number,
            District = application.District,
            Year = today.Year,
            Series = series.ToString(),
            Sequence = last + 1,
            ApplicationId = application.Id,
            Title = application.Title,
            Department = application.Department,
            Category = application.Category,
            WorkloadHoursPerMonth = application.WorkloadHoursPerMonth,
            FundingPerCommunity = application.FundingPerCommunity,
            Communities = communities.Select(c => c.Code).ToList(),
            StartDate = application.StartDate,
            DurationMonths = application.DurationMonths,
            AdmittedAt = context.Now,
            ApprovedBy = context.Actor,
            Status = PlanEntryStatus.InForce,
            UpdatedAt = context.Now,
        };
        db.Add(entry);
        PlanListAnnouncements.Announce(db, entry, context.Now);
        application.AdmissionNumber = number;
        ApplicationLog.Note(db, application, "admitted",
            new($"准入号 {number},已列入 {today.Year} 年社区工作事项计划清单", $"Admission number {number}; entered in the {today.Year} community work plan list"),
            context.Actor, context.Now);
        return ActivityResult.Done();
    }
}
