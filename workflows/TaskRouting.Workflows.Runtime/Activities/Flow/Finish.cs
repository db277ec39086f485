using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Activities.Flow;

[Activity("Elsa.Finish",
    CategoryZh = "流程", CategoryEn = "Flow",
    DisplayNameZh = "结束", DisplayNameEn = "Finish",
    DescriptionZh = "结束整个流程,取消其余等待。", DescriptionEn = "Ends the whole workflow, cancelling anything still waiting.")]
public sealed class Finish : WorkflowActivity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ActivityResult>(new ActivityResult.FinishWorkflow());
}
