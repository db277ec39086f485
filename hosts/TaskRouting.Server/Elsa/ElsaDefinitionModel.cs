using System.Text.Json.Nodes;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.Elsa;

/// <summary>
/// Translates between a stored definition version and the Studio's <c>WorkflowDefinition</c> model. What the
/// Studio sends is stored as-is (without the fields the server owns), so a definition exported and imported back is
/// unchanged; on the way out the server adds its own fields, the <c>nodeId</c> of every activity and, for
/// designers only, the publish link that makes the editor writable.
/// </summary>
internal static class ElsaDefinitionModel
{
    public const string ToolVersion = "3.8.0";

    /// <summary>Fields of the model that the server owns: never stored, always recomputed.</summary>
    private static readonly string[] ServerOwned = ["id", "definitionId", "version", "isLatest", "isPublished", "createdAt", "links", "isReadonly", "materializerName", "providerName", "materializerContext"];

    /// <summary>The definition JSON to store from a model the Studio sent (root and designer data kept as sent).</summary>
    public static JsonObject ToStored(JsonObject model)
    {
        var stored = (JsonObject)model.DeepClone();
        foreach (var field in ServerOwned)
        {
            stored.Remove(field);
        }

        return stored;
    }

    /// <summary>The stored JSON as a whole definition: a bare flowchart (saved through the REST API) gets wrapped.</summary>
    public static JsonObject Normalise(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? [];
        return node.ContainsKey("root") ? node : new JsonObject { ["root"] = node };
    }

    public static JsonObject ToModel(WorkflowDefinitionRecord record, bool canDesign)
    {
        var stored = Normalise(record.Json);
        var root = stored["root"] as JsonObject ?? [];
        stored.Remove("root");
        var model = new JsonObject
        {
            ["id"] = record.Id,
            ["definitionId"] = record.DefinitionId,
            ["name"] = record.Name,
            ["description"] = record.Description,
            ["createdAt"] = record.CreatedAt,
            ["version"] = record.Version,
            ["toolVersion"] = Text(stored["toolVersion"]) ?? ToolVersion,
            ["isLatest"] = record.IsLatest,
            ["isPublished"] = record.Status == DefinitionStatus.Published,
            ["isReadonly"] = !canDesign,
            ["materializerName"] = "Json",
            ["providerName"] = "TaskRouting",
            ["variables"] = stored["variables"]?.DeepClone() ?? new JsonArray(),
            ["inputs"] = stored["inputs"]?.DeepClone() ?? new JsonArray(),
            ["outputs"] = stored["outputs"]?.DeepClone() ?? new JsonArray(),
            ["outcomes"] = stored["outcomes"]?.DeepClone() ?? new JsonArray(),
            ["customProperties"] = stored["customProperties"]?.DeepClone() ?? new JsonObject(),
            ["options"] = stored["options"]?.DeepClone() ?? new JsonObject { ["autoUpdateConsumingWorkflows"] = false },
            ["links"] = Links(record.DefinitionId, canDesign),
            ["root"] = WithNodeIds(root),
        };
        return model;
    }

    /// <summary>The list row: the summary fields plus, for designers, the publish link (a row without it is read-only).</summary>
    public static JsonObject ToSummary(WorkflowDefinitionRecord record, bool canDesign) => new()
    {
        ["id"] = record.Id,
        ["definitionId"] = record.DefinitionId,
        ["name"] = record.Name,
        ["description"] = record.Description,
        ["version"] = record.Version,
        ["isLatest"] = record.IsLatest,
        ["isPublished"] = record.Status == DefinitionStatus.Published,
        ["createdAt"] = record.CreatedAt,
        ["materializerName"] = "Json",
        ["isMaterializerAvailable"] = true,
        ["links"] = Links(record.DefinitionId, canDesign),
    };

    private static JsonArray Links(string definitionId, bool canDesign) => canDesign
        ? [new JsonObject { ["href"] = $"/workflow-definitions/{definitionId}/publish", ["rel"] = "publish", ["method"] = "POST" }]
        : [];

    /// <summary>
    /// Assigns every activity its node id (<c>Workflow1:{rootId}:{activityId}</c>, the root <c>Workflow1:{rootId}</c>),
    /// and fills the parts the designer expects (metadata, custom properties, vertices) where a definition lacks them.
    /// </summary>
    public static JsonObject WithNodeIds(JsonObject root)
    {
        var copy = (JsonObject)root.DeepClone();
        var rootId = Text(copy["id"]) is { Length: > 0 } id ? id : "Flowchart1";
        var rootNodeId = $"Workflow1:{rootId}";
        copy["id"] = rootId;
        copy["nodeId"] = rootNodeId;
        copy["type"] ??= "Elsa.Flowchart";
        copy["version"] ??= 1;
        copy["metadata"] ??= new JsonObject();
        copy["customProperties"] ??= new JsonObject();
        if (copy["activities"] is not JsonArray activities)
        {
            copy["activities"] = activities = [];
        }

        foreach (var activity in activities.OfType<JsonObject>())
        {
            activity["nodeId"] = $"{rootNodeId}:{Text(activity["id"])}";
            activity["version"] ??= 1;
            activity["metadata"] ??= new JsonObject();
            activity["customProperties"] ??= new JsonObject();
        }

        if (copy["connections"] is not JsonArray connections)
        {
            copy["connections"] = connections = [];
        }

        foreach (var connection in connections.OfType<JsonObject>())
        {
            connection["vertices"] ??= new JsonArray();
        }

        return copy;
    }

    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToString();
}
