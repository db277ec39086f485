using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Activities.Primitives;

/// <summary>Waits until a named stimulus with a matching correlation key arrives; its payload can be stored in a variable.</summary>
[Activity("TaskRouting.WaitForEvent",
    CategoryZh = "基础", CategoryEn = "Primitives",
    DisplayNameZh = "等待事件", DisplayNameEn = "Wait for event",
    DescriptionZh = "等待带有关联键的命名事件。", DescriptionEn = "Waits for a named event with a correlation key.",
    Kind = ActivityKind.Trigger, MayWait = true)]
[Input("eventName", typeof(string), DisplayNameZh = "事件名", DisplayNameEn = "Event name", Required = true)]
[Input("correlationKey", typeof(string), DisplayNameZh = "关联键", DisplayNameEn = "Correlation key",
    DescriptionZh = "只有关联键相同的事件才会唤醒", DescriptionEn = "Only an event with this key resumes the wait")]
[Input("resultVariable", typeof(string), DisplayNameZh = "结果变量", DisplayNameEn = "Result variable",
    DescriptionZh = "事件内容存入此变量", DescriptionEn = "The event's payload is stored in this variable")]
[Outcome("Done", DisplayNameZh = "完成", DisplayNameEn = "Done")]
public sealed class WaitForEvent : WorkflowActivity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Wait(new BookmarkRequest(context.GetRequired<string>("eventName"), context.Get<string>("correlationKey"))));

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        if (context.Get<string>("resultVariable") is { Length: > 0 } variable)
        {
            context.SetVariable(variable, resumption.Payload?.DeepClone());
        }

        return ValueTask.FromResult(ActivityResult.Done());
    }
}
