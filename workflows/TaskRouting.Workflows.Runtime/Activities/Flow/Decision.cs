using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Activities.Flow;

[Activity("Elsa.Decision",
    CategoryZh = "流程", CategoryEn = "Flow",
    DisplayNameZh = "判断", DisplayNameEn = "Decision",
    DescriptionZh = "按条件走“是”或“否”分支。", DescriptionEn = "Continues through True or False depending on a condition.")]
[Input("condition", typeof(bool), DisplayNameZh = "条件", DisplayNameEn = "Condition", UiHint = UiHints.CodeEditor, Required = true,
    DescriptionZh = "结果为真或假的表达式", DescriptionEn = "An expression that is true or false")]
[Outcome("True", DisplayNameZh = "是", DisplayNameEn = "True")]
[Outcome("False", DisplayNameZh = "否", DisplayNameEn = "False")]
public sealed class Decision : WorkflowActivity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Outcome(context.Get<bool>("condition") ? "True" : "False"));
}
