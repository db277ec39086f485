using System.Text.Json.Nodes;

namespace TaskRouting.Workflows.Runtime.Definitions;

/// <summary>
/// An Elsa 3 flowchart as the runtime executes it: activities, connections by port and variables. Read from the
/// designer's JSON (<see cref="ElsaJsonReader"/>), which stays the stored source of truth.
/// </summary>
public sealed class FlowchartDefinition
{
    private readonly Dictionary<string, ActivityNode> _activities;
    private readonly ILookup<(string Activity, string Port), FlowConnection> _outbound;
    private readonly ILookup<string, FlowConnection> _inbound;

    public FlowchartDefinition(IReadOnlyList<ActivityNode> activities, IReadOnlyList<FlowConnection> connections, IReadOnlyList<VariableDefinition> variables)
    {
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(connections);
        Activities = activities;
        Connections = connections;
        Variables = variables ?? [];
        _activities = activities.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _outbound = connections.ToLookup(c => (c.Source, c.SourcePort));
        _inbound = connections.ToLookup(c => c.Target, StringComparer.Ordinal);
    }

    public IReadOnlyList<ActivityNode> Activities { get; }

    public IReadOnlyList<FlowConnection> Connections { get; }

    public IReadOnlyList<VariableDefinition> Variables { get; }

    public ActivityNode? Find(string activityId) => _activities.GetValueOrDefault(activityId);

    /// <summary>The connections leaving an activity through an outcome port.</summary>
    public IEnumerable<FlowConnection> Outbound(string activityId, string port) => _outbound[(activityId, port)];

    /// <summary>The connections arriving at an activity.</summary>
    public IEnumerable<FlowConnection> Inbound(string activityId) => _inbound[activityId];

    /// <summary>
    /// Where execution starts: an <c>Elsa.Start</c> activity if there is one, else every activity nothing connects into.
    /// </summary>
    public IReadOnlyList<ActivityNode> StartActivities()
    {
        var explicitStart = Activities.Where(a => a.Type == WellKnownTypes.Start).ToList();
        return explicitStart.Count > 0 ? explicitStart : Activities.Where(a => !_inbound[a.Id].Any()).ToList();
    }
}

/// <summary>One activity of a flowchart: its id, type name and input expressions keyed by camelCase input name.</summary>
public sealed record ActivityNode(string Id, string Type, string? Name, IReadOnlyDictionary<string, ExpressionSpec> Inputs)
{
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;
}

/// <summary>An input's expression: its kind (Literal, Variable, JavaScript, Object) and its raw value.</summary>
public sealed record ExpressionSpec(string Type, JsonNode? Value)
{
    public static ExpressionSpec Literal(string? value) => new(ExpressionTypes.Literal, value is null ? null : JsonValue.Create(value));

    public static ExpressionSpec JavaScript(string code) => new(ExpressionTypes.JavaScript, JsonValue.Create(code));

    public static ExpressionSpec Variable(string name) => new(ExpressionTypes.Variable, JsonValue.Create(name));
}

/// <summary>A connection from an activity's outcome port to another activity.</summary>
public sealed record FlowConnection(string Source, string SourcePort, string Target, string TargetPort)
{
    /// <summary>A stable key for join bookkeeping.</summary>
    public string Key => $"{Source}:{SourcePort}->{Target}";
}

/// <summary>A workflow variable with its type name and initial value.</summary>
public sealed record VariableDefinition(string Name, string TypeName, JsonNode? Value);

/// <summary>Type names shared with Elsa.</summary>
public static class WellKnownTypes
{
    public const string Flowchart = "Elsa.Flowchart";
    public const string Start = "Elsa.Start";
}

/// <summary>Expression kinds the runtime evaluates.</summary>
public static class ExpressionTypes
{
    public const string Literal = "Literal";
    public const string Variable = "Variable";
    public const string JavaScript = "JavaScript";
    public const string Object = "Object";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Literal, Variable, JavaScript, Object };
}
