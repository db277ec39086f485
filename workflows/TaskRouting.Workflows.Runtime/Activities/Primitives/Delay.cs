using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Activities.Primitives;

/// <summary>Waits for a duration on a durable timer (a bookmark with a due time); fires once, on whichever node claims it.</summary>
[Activity("Elsa.Delay",
    CategoryZh = "基础", CategoryEn = "Primitives",
    DisplayNameZh = "延时", DisplayNameEn = "Delay",
    DescriptionZh = "等待一段时间后继续。", DescriptionEn = "Waits for a duration, then continues.",
    MayWait = true)]
[Input("timeSpan", typeof(TimeSpan), DisplayNameZh = "时长", DisplayNameEn = "Duration", Required = true,
    DescriptionZh = "如 1.00:00:00(1 天)或秒数", DescriptionEn = "e.g. 1.00:00:00 (one day) or a number of seconds")]
[Outcome("Done", DisplayNameZh = "完成", DisplayNameEn = "Done")]
public sealed class Delay : WorkflowActivity
{
    public const string Stimulus = "Timer";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var duration = context.GetRequired<TimeSpan>("timeSpan");
        if (duration < TimeSpan.Zero)
        {
            throw new ActivityFaultException($"时长不能为负 / The duration cannot be negative: {duration}");
        }

        return ValueTask.FromResult(ActivityResult.Wait(new BookmarkRequest(Stimulus, DueAt: context.Now + duration)));
    }
}
