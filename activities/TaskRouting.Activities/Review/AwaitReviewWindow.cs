using System.Text.Json.Nodes;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Review;

/// <summary>
/// Queues the application for the district's next review window (January or July). The window job resumes every
/// application queued before the window opened; the department sees the expected opening date.
/// </summary>
[Activity("TaskRouting.Admission.AwaitReviewWindow",
    CategoryZh = "准入", CategoryEn = "Admission",
    DisplayNameZh = "等待评审批次", DisplayNameEn = "Wait for the review window",
    DescriptionZh = "排队等待每年一月和七月的集中评审。", DescriptionEn = "Queues for the January or July batch review.",
    Kind = ActivityKind.Trigger, MayWait = true)]
[Outcome("Done", DisplayNameZh = "批次已开启", DisplayNameEn = "Window opened")]
public sealed class AwaitReviewWindow : AdmissionActivity
{
    public const string Stimulus = "ReviewWindowOpened";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var application = await ApplicationAsync(context, cancellationToken);
        var opens = NextOpening(Calendar(context), WorkingDayCalendar.ChinaDate(context.Now));
        ApplicationLog.Move(Db(context), application, ApplicationStage.Queued, "queued",
            new("进入下一评审批次排队", "Queued for the next review window"), context.Actor, context.Now,
            new("一月或七月的集中评审", "the January or July batch review"),
            opens is null ? null : WorkingDayCalendar.StartOfDay(opens.Value).ToUniversalTime());
        return ActivityResult.Wait(new BookmarkRequest(Stimulus, application.District));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var application = await ApplicationAsync(context, cancellationToken);
        var window = resumption.Payload?["windowId"]?.GetValue<string>() ?? "?";
        context.SetVariable("window", resumption.Payload?.DeepClone() ?? new JsonObject());
        ApplicationLog.Note(Db(context), application, "window-opened",
            new($"评审批次 {window} 开启", $"Review window {window} opened"), Who(context, resumption), context.Now);
        return ActivityResult.Done();
    }

    /// <summary>The first working day of the next January or July on or after a date; null when the calendar does not know it yet.</summary>
    public static DateOnly? NextOpening(WorkingDayCalendar calendar, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var candidates = new[] { (today.Year, 1), (today.Year, 7), (today.Year + 1, 1) };
        foreach (var (year, month) in candidates)
        {
            if (!calendar.HasYear(year))
            {
                return null;
            }

            var first = calendar.FirstWorkingDayOf(year, month);
            if (first > today)
            {
                return first;
            }
        }

        return null;
    }
}
