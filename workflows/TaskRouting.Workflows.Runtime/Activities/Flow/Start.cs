using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Activities.Flow;

[Activity("Elsa.Start",
    CategoryZh = "流程", CategoryEn = "Flow",
    DisplayNameZh = "开始", DisplayNameEn = "Start",
    DescriptionZh = "流程从这里开始。", DescriptionEn = "The workflow starts here.",
    Kind = ActivityKind.Trigger)]
[Outcome("Done", DisplayNameZh = "完成", DisplayNameEn = "Done")]
public sealed class Start : WorkflowActivity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Done());
}
