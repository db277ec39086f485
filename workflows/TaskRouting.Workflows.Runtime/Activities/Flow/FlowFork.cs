using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Activities.Flow;

[Activity("Elsa.FlowFork",
    CategoryZh = "流程", CategoryEn = "Flow",
    DisplayNameZh = "分支", DisplayNameEn = "Fork",
    DescriptionZh = "同时进入多个分支。", DescriptionEn = "Continues through several branches at once.",
    OutcomesFromInput = "branches")]
[Input("branches", typeof(string[]), DisplayNameZh = "分支", DisplayNameEn = "Branches", Required = true,
    DescriptionZh = "分支名称,用逗号分隔", DescriptionEn = "Branch names, separated by commas")]
public sealed class FlowFork : WorkflowActivity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ActivityResult>(new ActivityResult.Outcomes(context.GetRequired<string[]>("branches")));
}
