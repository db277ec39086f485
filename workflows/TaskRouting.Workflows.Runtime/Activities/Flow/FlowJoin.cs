using System.Text.Json.Nodes;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Activities.Flow;

/// <summary>
/// Waits for branches to meet. WaitAll continues once every inbound connection has been taken; WaitAny continues on
/// the first and absorbs the rest. Either resets once every inbound connection has arrived, so a join inside a loop
/// works again on the next round.
/// </summary>
[Activity("Elsa.FlowJoin",
    CategoryZh = "流程", CategoryEn = "Flow",
    DisplayNameZh = "汇合", DisplayNameEn = "Join",
    DescriptionZh = "等待分支汇合:全部到达,或任一到达。", DescriptionEn = "Waits for branches: all of them, or any one.")]
[Input("mode", typeof(string), DisplayNameZh = "方式", DisplayNameEn = "Mode", UiHint = UiHints.Dropdown,
    Options = [WaitAll, WaitAny], DefaultValue = WaitAll)]
[Outcome("Done", DisplayNameZh = "完成", DisplayNameEn = "Done")]
public sealed class FlowJoin : WorkflowActivity
{
    public const string WaitAll = "WaitAll";
    public const string WaitAny = "WaitAny";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var mode = context.Get<string>("mode") ?? WaitAll;
        if (mode is not (WaitAll or WaitAny))
        {
            throw new ActivityFaultException($"汇合方式必须是 WaitAll 或 WaitAny,而不是 {mode} / The join mode must be WaitAll or WaitAny, not {mode}");
        }

        var inbound = context.Definition.Inbound(context.Node.Id).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var state = context.State;
        var arrived = (state["arrived"] as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        arrived.Add(context.ArrivedVia?.Key ?? "(start)");
        var fired = state["fired"]?.GetValue<bool>() ?? false;
        var complete = inbound.IsSubsetOf(arrived);

        ActivityResult result;
        if (mode == WaitAll)
        {
            result = complete ? ActivityResult.Done() : new ActivityResult.Absorb($"{arrived.Count}/{inbound.Count}");
            fired = false;
        }
        else
        {
            result = fired ? new ActivityResult.Absorb("already continued") : ActivityResult.Done();
            fired = true;
        }

        if (complete)
        {
            state.Remove("arrived");
            state.Remove("fired");
        }
        else
        {
            state["arrived"] = new JsonArray(arrived.Order(StringComparer.Ordinal).Select(k => (JsonNode?)JsonValue.Create(k)).ToArray());
            state["fired"] = fired;
        }

        return ValueTask.FromResult(result);
    }
}
