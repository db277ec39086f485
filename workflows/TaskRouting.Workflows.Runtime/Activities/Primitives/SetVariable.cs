using System.Text.Json.Nodes;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Activities.Primitives;

[Activity("Elsa.SetVariable",
    CategoryZh = "基础", CategoryEn = "Primitives",
    DisplayNameZh = "设置变量", DisplayNameEn = "Set variable",
    DescriptionZh = "把表达式的值存入流程变量。", DescriptionEn = "Stores an expression's value in a workflow variable.")]
[Input("variable", typeof(string), DisplayNameZh = "变量", DisplayNameEn = "Variable", Required = true)]
[Input("value", typeof(JsonNode), DisplayNameZh = "值", DisplayNameEn = "Value", UiHint = UiHints.CodeEditor)]
[Outcome("Done", DisplayNameZh = "完成", DisplayNameEn = "Done")]
public sealed class SetVariable : WorkflowActivity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        context.SetVariable(context.GetRequired<string>("variable"), context.Get<JsonNode>("value"));
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
