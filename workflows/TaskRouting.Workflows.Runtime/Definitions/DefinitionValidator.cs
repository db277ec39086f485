using System.Text.Json.Nodes;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Expressions;

namespace TaskRouting.Workflows.Runtime.Definitions;

/// <summary>
/// Checks a flowchart before it is published: unknown activity types, dangling connections, ports an activity does
/// not have, missing required inputs, unknown expression types or JavaScript that does not parse, no start, and
/// loops that never wait (they would spin forever). Each error names where it is.
/// </summary>
public sealed class DefinitionValidator(ActivityCatalogue catalogue)
{
    public IReadOnlyList<DefinitionError> Validate(FlowchartDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<DefinitionError>();
        var index = definition.Activities.Select((a, i) => (a.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        foreach (var node in definition.Activities)
        {
            var path = $"activities[{index[node.Id]}]";
            var descriptor = catalogue.Find(node.Type);
            if (descriptor is null)
            {
                errors.Add(new DefinitionError($"{path}.type", node.Id, $"未知的活动类型 {node.Type} / Unknown activity type {node.Type}"));
                continue;
            }

            foreach (var input in descriptor.Inputs.Where(i => i.Required && i.DefaultValue is null))
            {
                if (!node.Inputs.TryGetValue(input.Name, out var spec) || IsEmpty(spec.Value))
                {
                    errors.Add(new DefinitionError($"{path}.{input.Name}", node.Id,
                        $"活动“{node.DisplayName}”缺少必填输入“{input.DisplayName.Zh}” / Activity \"{node.DisplayName}\" lacks the required input \"{input.DisplayName.En}\""));
                }
            }

            foreach (var (name, spec) in node.Inputs)
            {
                if (!ExpressionTypes.All.Contains(spec.Type))
                {
                    errors.Add(new DefinitionError($"{path}.{name}", node.Id, $"未知的表达式类型 {spec.Type} / Unknown expression type {spec.Type}"));
                }
                else if (spec.Type == ExpressionTypes.JavaScript && spec.Value is JsonValue v && v.TryGetValue<string>(out var code)
                    && !string.IsNullOrWhiteSpace(code) && ExpressionEvaluator.CheckSyntax(code) is { } syntax)
                {
                    errors.Add(new DefinitionError($"{path}.{name}", node.Id, $"脚本语法错误 / JavaScript syntax error: {syntax}"));
                }
            }
        }

        for (var i = 0; i < definition.Connections.Count; i++)
        {
            var connection = definition.Connections[i];
            var source = definition.Find(connection.Source);
            if (source is null)
            {
                errors.Add(new DefinitionError($"connections[{i}].source", null, $"连接的来源 {connection.Source} 不存在 / The connection's source {connection.Source} does not exist"));
            }
            else if (Ports(source) is { } ports && !ports.Contains(connection.SourcePort, StringComparer.Ordinal))
            {
                errors.Add(new DefinitionError($"connections[{i}].source", source.Id,
                    $"活动“{source.DisplayName}”没有出口 {connection.SourcePort}(有:{string.Join("、", ports)}) / Activity \"{source.DisplayName}\" has no port {connection.SourcePort} (it has {string.Join(", ", ports)})"));
            }

            if (definition.Find(connection.Target) is null)
            {
                errors.Add(new DefinitionError($"connections[{i}].target", null, $"连接的目标 {connection.Target} 不存在 / The connection's target {connection.Target} does not exist"));
            }
        }

        if (definition.Activities.Count == 0 || definition.StartActivities().Count == 0)
        {
            errors.Add(new DefinitionError("activities", null, "流程没有起点:需要一个开始活动,或一个没有入口连接的活动 / The flowchart has no start: add a Start activity or an activity nothing connects into"));
        }

        errors.AddRange(BusyLoops(definition));
        return errors;
    }

    /// <summary>The ports an activity has, or null when they cannot be known before running (computed outcomes).</summary>
    private IReadOnlyList<string>? Ports(ActivityNode node)
    {
        var descriptor = catalogue.Find(node.Type);
        if (descriptor is null)
        {
            return null;
        }

        if (descriptor.OutcomesFromInput is { } input)
        {
            var spec = node.Inputs.GetValueOrDefault(input);
            var value = spec is null ? descriptor.FindInput(input)?.DefaultValue is { } fallback ? JsonValue.Create(fallback) : null
                : spec.Type is ExpressionTypes.Literal or ExpressionTypes.Object ? spec.Value : null;
            try
            {
                return value switch
                {
                    JsonValue v when v.TryGetValue<string>(out var text) => ExpressionEvaluator.Names(text),
                    JsonArray list => list.Select(n => n?.ToString() ?? "").Where(n => n.Length > 0).ToArray(),
                    _ => null,
                };
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }

        return descriptor.Outcomes.Count == 0 ? [] : descriptor.Outcomes.Select(o => o.Name).ToList();
    }

    /// <summary>Cycles (strongly connected components, Tarjan) none of whose activities can wait.</summary>
    private IEnumerable<DefinitionError> BusyLoops(FlowchartDefinition definition)
    {
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        var next = 0;
        var successors = definition.Connections
            .Where(c => definition.Find(c.Source) is not null && definition.Find(c.Target) is not null)
            .ToLookup(c => c.Source, c => c.Target, StringComparer.Ordinal);

        void Visit(string v)
        {
            indexOf[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in successors[v])
            {
                if (!indexOf.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], indexOf[w]);
                }
            }

            if (low[v] == indexOf[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                components.Add(component);
            }
        }

        foreach (var node in definition.Activities.Where(a => !indexOf.ContainsKey(a.Id)))
        {
            Visit(node.Id);
        }

        foreach (var component in components)
        {
            var isLoop = component.Count > 1 || successors[component[0]].Contains(component[0], StringComparer.Ordinal);
            var waits = component.Any(id => catalogue.Find(definition.Find(id)!.Type)?.MayWait == true);
            if (isLoop && !waits)
            {
                var names = string.Join(" → ", component.AsEnumerable().Reverse().Select(id => definition.Find(id)!.DisplayName));
                yield return new DefinitionError("connections", component[0],
                    $"循环中没有等待的活动,会无限运行:{names} / A loop with no waiting activity would spin forever: {names}");
            }
        }
    }

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value is JsonValue v && v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s));
}
