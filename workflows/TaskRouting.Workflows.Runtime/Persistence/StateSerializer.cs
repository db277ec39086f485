using System.Text.Json;
using System.Text.Json.Serialization;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Persistence;

/// <summary>Instance state to and from the JSON stored on the instance row.</summary>
public static class StateSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(WorkflowInstanceState state) => JsonSerializer.Serialize(state, Options);

    public static WorkflowInstanceState Deserialize(string json) =>
        JsonSerializer.Deserialize<WorkflowInstanceState>(json, Options) ?? throw new InvalidOperationException("Empty workflow state");
}
