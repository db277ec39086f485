using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Activities.Flow;

[Activity("Elsa.FlowFork",
    CategoryZh = "流程", CategoryEn = "Flow",
    DisplayNameZh = "分支", DisplayNameEn = "Fork",
    DescriptionZh = "同时进入多个分支。", DescriptionEn = "Continues through several branches at once.",
    OutcomesFromInput = "branches")]
[Input("branches", typeof(string[]), DisplayNameZh = "分支", DisplayNameEn = "Branches", Required = true, UiHint = UiHints.DynamicOutcomes,
    DescriptionZh = "分支名称,每个名称成为一个出口(也可写成逗号分隔的文本)", DescriptionEn = "Branch names; each becomes an outcome port (a comma-separated text works too)")]
public sealed class FlowFork : WorkflowActivity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ActivityResult>(new ActivityResult.Outcomes(context.GetRequired<string[]>("branches")));
}
