using System.Text.Json;
using System.Text.Json.Nodes;

namespace TaskRouting.Workflows.Runtime.Definitions;

/// <summary>
/// Reads Elsa 3 definition JSON as the Studio saves it: a whole definition (<c>{root, variables, …}</c>) or a bare
/// <c>Elsa.Flowchart</c> root. The Studio sends values loosely (booleans as strings, null type names, activities
/// without inputs), so reading is lenient about shape and strict about structure.
/// </summary>
public static class ElsaJsonReader
{
    private static readonly HashSet<string> NotInputs = new(StringComparer.Ordinal)
    {
        "id", "nodeId", "name", "type", "version", "customProperties", "metadata", "canStartWorkflow",
        "runAsynchronously", "source", "activities", "connections", "variables", "start",
    };

    public static (FlowchartDefinition? Definition, IReadOnlyList<DefinitionError> Errors) Read(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            return (null, [new DefinitionError("", null, $"JSON 格式错误 / Malformed JSON: {ex.Message}")]);
        }

        return node is JsonObject obj ? Read(obj) : (null, [new DefinitionError("", null, "定义必须是 JSON 对象 / The definition must be a JSON object")]);
    }

    public static (FlowchartDefinition? Definition, IReadOnlyList<DefinitionError> Errors) Read(JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<DefinitionError>();
        var (root, rootPath) = definition["root"] is JsonObject r ? (r, "root") : (definition, "");
        var rootType = Text(root["type"]);
        if (rootType != WellKnownTypes.Flowchart)
        {
            errors.Add(new DefinitionError(Join(rootPath, "type"), null,
                $"只支持流程图(Elsa.Flowchart),而不是 {rootType ?? "(空)"} / Only Elsa.Flowchart roots are supported, not {rootType ?? "(none)"}"));
            return (null, errors);
        }

        var activities = new List<ActivityNode>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var list = root["activities"] as JsonArray ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"{Join(rootPath, "activities")}[{i}]";
            if (list[i] is not JsonObject activity)
            {
                errors.Add(new DefinitionError(path, null, "活动必须是对象 / An activity must be an object"));
                continue;
            }

            var id = Text(activity["id"]);
            var type = Text(activity["type"]);
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add(new DefinitionError(Join(path, "id"), null, "活动缺少 id / The activity has no id"));
                continue;
            }

            if (!ids.Add(id))
            {
                errors.Add(new DefinitionError(Join(path, "id"), id, $"活动 id {id} 重复 / Activity id {id} is used twice"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(type))
            {
                errors.Add(new DefinitionError(Join(path, "type"), id, "活动缺少类型 / The activity has no type"));
                continue;
            }

            activities.Add(new ActivityNode(id, type, Text(activity["name"]), ReadInputs(activity)));
        }

        var connections = new List<FlowConnection>();
        var links = root["connections"] as JsonArray ?? [];
        for (var i = 0; i < links.Count; i++)
        {
            var path = $"{Join(rootPath, "connections")}[{i}]";
            var connection = links[i] is JsonObject c ? ReadConnection(c) : null;
            if (connection is null)
            {
                errors.Add(new DefinitionError(path, null, "连接缺少来源或目标 / The connection lacks a source or a target"));
                continue;
            }

            connections.Add(connection);
        }

        var variables = new List<VariableDefinition>();
        var vars = (definition["variables"] ?? root["variables"]) as JsonArray ?? [];
        for (var i = 0; i < vars.Count; i++)
        {
            var name = Text(vars[i]?["name"]);
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(new DefinitionError($"variables[{i}].name", null, "变量缺少名称 / The variable has no name"));
                continue;
            }

            variables.Add(new VariableDefinition(name, Text(vars[i]?["typeName"]) ?? "Object", vars[i]?["value"]?.DeepClone()));
        }

        return (errors.Count == 0 ? new FlowchartDefinition(activities, connections, variables) : null, errors);
    }

    private static Dictionary<string, ExpressionSpec> ReadInputs(JsonObject activity)
    {
        var inputs = new Dictionary<string, ExpressionSpec>(StringComparer.Ordinal);
        foreach (var (name, value) in activity)
        {
            if (NotInputs.Contains(name) || value is not JsonObject wrapped || !wrapped.ContainsKey("expression"))
            {
                continue;
            }

            if (wrapped["expression"] is JsonObject expression)
            {
                inputs[name] = new ExpressionSpec(Text(expression["type"]) ?? ExpressionTypes.Literal, expression["value"]?.DeepClone());
            }
        }

        return inputs;
    }

    private static FlowConnection? ReadConnection(JsonObject c)
    {
        // Elsa 3.1+: {source:{activity,port}, target:{activity,port}}; Elsa 3.0: {source, sourcePort, target, targetPort}.
        var (source, sourcePort) = c["source"] is JsonObject s ? (Text(s["activity"]), Text(s["port"])) : (Text(c["source"]), Text(c["sourcePort"]));
        var (target, targetPort) = c["target"] is JsonObject t ? (Text(t["activity"]), Text(t["port"])) : (Text(c["target"]), Text(c["targetPort"]));
        return string.IsNullOrWhiteSpace(source) || string.IsNullOrWhiteSpace(target)
            ? null
            : new FlowConnection(source, string.IsNullOrWhiteSpace(sourcePort) ? "Done" : sourcePort, target, string.IsNullOrWhiteSpace(targetPort) ? "In" : targetPort);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToString();

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
