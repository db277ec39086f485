using System.Text.Json.Nodes;

namespace TaskRouting.Workflows.Runtime.Tests;

/// <summary>Writes flowcharts in Elsa 3's JSON, the way the Studio saves them, so tests go through the reader too.</summary>
internal sealed class FlowBuilder
{
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];
    private readonly JsonArray _variables = [];

    public FlowBuilder Activity(string id, string type, params (string Name, string ExpressionType, string? Value)[] inputs)
    {
        var activity = new JsonObject
        {
            ["id"] = id,
            ["nodeId"] = $"Workflow1:root:{id}",
            ["type"] = type,
            ["version"] = 1,
            ["name"] = id,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } } },
        };
        foreach (var (name, expressionType, value) in inputs)
        {
            activity[name] = new JsonObject
            {
                ["typeName"] = "Object",
                ["expression"] = new JsonObject { ["type"] = expressionType, ["value"] = value },
            };
        }

        _activities.Add(activity);
        return this;
    }

    public FlowBuilder Connect(string source, string port, string target)
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
            ["vertices"] = new JsonArray(),
        });
        return this;
    }

    public FlowBuilder Variable(string name, string typeName, JsonNode? value)
    {
        _variables.Add(new JsonObject { ["id"] = name, ["name"] = name, ["typeName"] = typeName, ["value"] = value });
        return this;
    }

    public string ToJson() => new JsonObject
    {
        ["definitionId"] = "test",
        ["version"] = 1,
        ["variables"] = _variables.DeepClone(),
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["id"] = "root",
            ["nodeId"] = "Workflow1:root",
            ["activities"] = _activities.DeepClone(),
            ["connections"] = _connections.DeepClone(),
        },
    }.ToJsonString();

    public static (string, string, string?) Literal(string name, string? value) => (name, "Literal", value);

    public static (string, string, string?) Js(string name, string code) => (name, "JavaScript", code);
}
