using System.Text.Json.Nodes;

namespace TaskRouting.Server.IntegrationTests.Workflows;

/// <summary>Small Elsa 3 flowcharts for the runtime tests, in the JSON the Studio saves.</summary>
internal static class FlowJson
{
    public static JsonObject Activity(string id, string type, params (string Name, string Type, string Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = 1 };
        foreach (var (name, kind, value) in inputs)
        {
            activity[name] = new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = kind, ["value"] = value } };
        }

        return activity;
    }

    public static JsonObject Connection(string source, string port, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };

    public static JsonObject Flowchart(IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections) => new()
    {
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["activities"] = new JsonArray(activities.Select(a => (JsonNode?)a).ToArray()),
            ["connections"] = new JsonArray(connections.Select(c => (JsonNode?)c).ToArray()),
        },
    };

    /// <summary>Start → office review (Approve/Reject) → Finish on Approve.</summary>
    public static JsonObject Review() => Flowchart(
        [
            Activity("start", "Elsa.Start"),
            Activity("review", "TaskRouting.HumanTask", ("title", "Literal", "办公室审核"), ("assigneeRole", "Literal", "office"), ("outcomes", "Literal", "Approve,Reject")),
            Activity("end", "Elsa.Finish"),
        ],
        [Connection("start", "Done", "review"), Connection("review", "Approve", "end")]);

    /// <summary>Start → fork into N waits (correlation keys k1..kN) → each counts one → join.</summary>
    public static JsonObject FanIn(int branches)
    {
        var names = Enumerable.Range(1, branches).Select(i => $"k{i}").ToList();
        var activities = new List<JsonObject>
        {
            Activity("start", "Elsa.Start"),
            Activity("fork", "Elsa.FlowFork", ("branches", "Literal", string.Join(",", names))),
            Activity("count", "Elsa.SetVariable", ("variable", "Literal", "count"), ("value", "JavaScript", "(variables.count || 0) + 1")),
        };
        var connections = new List<JsonObject> { Connection("start", "Done", "fork") };
        foreach (var name in names)
        {
            activities.Add(Activity($"wait-{name}", "TaskRouting.WaitForEvent", ("eventName", "Literal", "vote"), ("correlationKey", "Literal", name)));
            connections.Add(Connection("fork", name, $"wait-{name}"));
            connections.Add(Connection($"wait-{name}", "Done", "count"));
        }

        return Flowchart(activities, connections);
    }

    /// <summary>Start → Delay(duration) → set fired.</summary>
    public static JsonObject Timer(string duration) => Flowchart(
        [
            Activity("start", "Elsa.Start"),
            Activity("wait", "Elsa.Delay", ("timeSpan", "Literal", duration)),
            Activity("fired", "Elsa.SetVariable", ("variable", "Literal", "fired"), ("value", "Literal", "yes")),
        ],
        [Connection("start", "Done", "wait"), Connection("wait", "Done", "fired")]);
}
