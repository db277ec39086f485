using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Identity;
using TaskRouting.Server.Data;
using TaskRouting.Workflows.Runtime.Execution;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.Elsa;

/// <summary>
/// One instance as the Studio's viewer sees it: Elsa's statuses, node ids that match the definition's, and activity
/// executions derived from the journal (an execution starts at a <c>Started</c> line and ends at the activity's next
/// <c>Completed</c> or <c>Faulted</c> line; a <c>Suspended</c> or <c>Waiting</c> line marks it blocked).
/// </summary>
internal sealed class ElsaInstanceView
{
    private ElsaInstanceView(WorkflowInstanceRecord record, WorkflowInstanceState state, JsonObject root, IReadOnlyList<JournalEntry> journal)
    {
        Record = record;
        State = state;
        Root = root;
        RootNodeId = ElsaDefinitionModel.Text(root["nodeId"])!;
        RootId = ElsaDefinitionModel.Text(root["id"])!;
        Journal = journal;
        Executions = Derive(record, journal, NodeId);
    }

    public WorkflowInstanceRecord Record { get; }
    public WorkflowInstanceState State { get; }
    public JsonObject Root { get; }
    public string RootId { get; }
    public string RootNodeId { get; }
    public IReadOnlyList<JournalEntry> Journal { get; }
    public IReadOnlyList<Execution> Executions { get; }

    /// <summary>An activity's run, as Elsa's activity execution record.</summary>
    public sealed class Execution(string id, string activityId, string activityType, string nodeId, DateTimeOffset startedAt)
    {
        public string Id { get; } = id;
        public string ActivityId { get; } = activityId;
        public string ActivityType { get; } = activityType;
        public string NodeId { get; } = nodeId;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public DateTimeOffset? CompletedAt { get; set; }
        public string Status { get; set; } = "Running";
        public bool HasBookmarks { get; set; }
        public string? Outcome { get; set; }
        public string? Fault { get; set; }
        public string? Actor { get; set; }
    }

    public string NodeId(string activityId) => $"{RootNodeId}:{activityId}";

    public static async Task<ElsaInstanceView?> LoadAsync(TaskRoutingDbContext db, Actor actor, string id, CancellationToken ct)
    {
        var record = await db.Set<WorkflowInstanceRecord>().AsNoTracking()
            .FirstOrDefaultAsync(i => i.Id == id && (actor.IsPlatformAdmin || i.Tenant == actor.District), ct);
        if (record is null)
        {
            return null;
        }

        var definition = await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .FirstAsync(d => d.DefinitionId == record.DefinitionId && d.Version == record.DefinitionVersion, ct);
        var root = ElsaDefinitionModel.WithNodeIds(ElsaDefinitionModel.Normalise(definition.Json)["root"] as JsonObject ?? []);
        var rows = await db.Set<JournalRecord>().AsNoTracking().Where(j => j.InstanceId == id).ToListAsync(ct);
        return new ElsaInstanceView(record, StateSerializer.Deserialize(record.StateJson), root, JournalRecords.Entries(rows).ToList());
    }

    /// <summary>Elsa's status (Running/Finished) and sub-status for a TaskRouting status.</summary>
    public static (string Status, string SubStatus) ElsaStatus(WorkflowStatus status) => status switch
    {
        WorkflowStatus.Running => ("Running", "Executing"),
        WorkflowStatus.Suspended => ("Running", "Suspended"),
        // An incident can be retried by an operator: the instance is still alive.
        WorkflowStatus.Faulted => ("Running", "Faulted"),
        WorkflowStatus.Finished => ("Finished", "Finished"),
        _ => ("Finished", "Cancelled"),
    };

    /// <summary>The TaskRouting statuses an Elsa status or sub-status filter selects; null when the value is unknown.</summary>
    public static WorkflowStatus[]? FromElsa(string value) => value switch
    {
        "Running" => [WorkflowStatus.Running, WorkflowStatus.Suspended, WorkflowStatus.Faulted],
        "Finished" => [WorkflowStatus.Finished, WorkflowStatus.Cancelled, WorkflowStatus.Terminated],
        "Pending" or "Executing" => [WorkflowStatus.Running],
        "Suspended" => [WorkflowStatus.Suspended],
        "Faulted" => [WorkflowStatus.Faulted],
        "Cancelled" => [WorkflowStatus.Cancelled, WorkflowStatus.Terminated],
        "Interrupted" => [],
        _ => null,
    };

    public static JsonObject Summary(WorkflowInstanceRecord record)
    {
        var (status, subStatus) = ElsaStatus(record.Status);
        return new JsonObject
        {
            ["id"] = record.Id,
            ["definitionId"] = record.DefinitionId,
            ["definitionVersionId"] = WorkflowDefinitionRecord.IdOf(record.DefinitionId, record.DefinitionVersion),
            ["version"] = record.DefinitionVersion,
            ["status"] = status,
            ["subStatus"] = subStatus,
            ["correlationId"] = record.CorrelationId,
            ["name"] = null,
            ["incidentCount"] = record.IncidentCount,
            ["createdAt"] = record.CreatedAt,
            ["updatedAt"] = record.UpdatedAt,
            ["finishedAt"] = record.FinishedAt,
        };
    }

    public JsonObject Instance()
    {
        var summary = Summary(Record);
        var types = ActivityTypes();
        summary["workflowState"] = new JsonObject
        {
            ["id"] = Record.Id,
            ["definitionId"] = Record.DefinitionId,
            ["definitionVersionId"] = summary["definitionVersionId"]!.DeepClone(),
            ["definitionVersion"] = Record.DefinitionVersion,
            ["correlationId"] = Record.CorrelationId,
            ["status"] = summary["status"]!.DeepClone(),
            ["subStatus"] = summary["subStatus"]!.DeepClone(),
            ["bookmarks"] = new JsonArray(State.Bookmarks.Select(b => (JsonNode)new JsonObject
            {
                ["id"] = b.Id,
                ["name"] = b.Stimulus,
                ["hash"] = b.CorrelationKey ?? "",
                ["activityNodeId"] = NodeId(b.ActivityId),
                ["activityInstanceId"] = LastExecution(b.ActivityId)?.Id,
                ["autoBurn"] = true,
                ["createdAt"] = b.CreatedAt,
            }).ToArray()),
            ["incidents"] = new JsonArray(State.Incidents.Select(i => (JsonNode)new JsonObject
            {
                ["activityId"] = i.ActivityId,
                ["activityNodeId"] = NodeId(i.ActivityId),
                ["activityType"] = i.ActivityType,
                ["message"] = i.Message,
                // The Studio titles an incident with exception.message.
                ["exception"] = new JsonObject { ["type"] = "TaskRouting.ActivityFault", ["message"] = i.Message, ["stackTrace"] = $"incident {i.Id}" },
                ["timestamp"] = i.At,
            }).ToArray()),
            ["completionCallbacks"] = new JsonArray(),
            // No execution contexts: the viewer then does not poll a root record that never completes.
            ["activityExecutionContexts"] = new JsonArray(),
            ["input"] = State.Input.DeepClone(),
            ["output"] = new JsonObject(),
            ["properties"] = new JsonObject { ["activityTypes"] = types },
            ["createdAt"] = Record.CreatedAt,
            ["updatedAt"] = Record.UpdatedAt,
            ["finishedAt"] = Record.FinishedAt,
        };
        return summary;
    }

    private JsonObject ActivityTypes()
    {
        var types = new JsonObject();
        foreach (var activity in (Root["activities"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (ElsaDefinitionModel.Text(activity["id"]) is { } id)
            {
                types[id] = ElsaDefinitionModel.Text(activity["type"]);
            }
        }

        return types;
    }

    public Execution? LastExecution(string activityId) => Executions.LastOrDefault(e => e.ActivityId == activityId);

    public JsonObject ExecutionSummary(Execution e) => new()
    {
        ["id"] = e.Id,
        ["workflowInstanceId"] = Record.Id,
        ["activityId"] = e.ActivityId,
        ["activityNodeId"] = e.NodeId,
        ["activityType"] = e.ActivityType,
        ["activityTypeVersion"] = 1,
        ["activityName"] = e.ActivityId,
        ["startedAt"] = e.StartedAt,
        ["hasBookmarks"] = e.HasBookmarks,
        ["status"] = e.Status,
        ["completedAt"] = e.CompletedAt,
        ["metadata"] = null,
    };

    public JsonObject ExecutionRecord(Execution e)
    {
        var record = ExecutionSummary(e);
        // Never empty: the Studio polls a record with no state, payload, outputs or exception as "still being written".
        record["activityState"] = Inputs(e.ActivityId);
        record["payload"] = new JsonObject
        {
            ["Outcomes"] = e.Outcome is null ? new JsonArray() : new JsonArray(e.Outcome.Split(',').Select(o => (JsonNode)o).ToArray()),
            ["Actor"] = e.Actor,
        };
        record["outputs"] = new JsonObject();
        record["properties"] = new JsonObject();
        record["exception"] = e.Fault is null ? null : new JsonObject { ["type"] = "TaskRouting.ActivityFault", ["message"] = e.Fault, ["stackTrace"] = "" };
        record["aggregateFaultCount"] = e.Fault is null ? 0 : 1;
        record["callStackDepth"] = 0;
        return record;
    }

    /// <summary>The activity's inputs as written in the definition, shown by the viewer under each input's name.</summary>
    private JsonObject Inputs(string activityId)
    {
        var inputs = new JsonObject();
        var activity = (Root["activities"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(a => ElsaDefinitionModel.Text(a["id"]) == activityId);
        foreach (var (name, value) in activity ?? [])
        {
            if (value is JsonObject { } wrapped && wrapped["expression"] is JsonObject expression)
            {
                inputs[name] = expression["value"]?.DeepClone();
            }
        }

        return inputs;
    }

    /// <summary>The journal as Elsa's workflow execution log; instance-level lines belong to the root.</summary>
    public IEnumerable<JsonObject> Log()
    {
        var executionBySequence = new Dictionary<long, string>();
        var open = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Journal)
        {
            if (entry.ActivityId is null)
            {
                continue;
            }

            if (entry.Event == JournalEvent.Started)
            {
                open[entry.ActivityId] = ExecutionId(entry.Sequence);
            }

            if (open.TryGetValue(entry.ActivityId, out var execution))
            {
                executionBySequence[entry.Sequence] = execution;
            }
        }

        foreach (var entry in Journal)
        {
            var own = entry.ActivityId is not null;
            yield return new JsonObject
            {
                ["id"] = $"{Record.Id}:{entry.Sequence}",
                ["activityInstanceId"] = executionBySequence.GetValueOrDefault(entry.Sequence),
                ["activityId"] = own ? entry.ActivityId : RootId,
                ["activityType"] = own ? entry.ActivityType : "Elsa.Workflow",
                ["activityTypeVersion"] = 1,
                ["activityName"] = own ? entry.ActivityId : RootId,
                ["nodeId"] = own ? NodeId(entry.ActivityId!) : RootNodeId,
                ["timestamp"] = entry.At,
                ["sequence"] = entry.Sequence,
                ["eventName"] = entry.Event.ToString(),
                ["message"] = entry.Message,
                ["source"] = null,
                ["payload"] = new JsonObject { ["Outcome"] = entry.Outcome, ["Actor"] = entry.Actor },
            };
        }
    }

    private string ExecutionId(long sequence) => $"{Record.Id}:e{sequence}";

    private static List<Execution> Derive(WorkflowInstanceRecord record, IReadOnlyList<JournalEntry> journal, Func<string, string> nodeId)
    {
        var executions = new List<Execution>();
        var open = new Dictionary<string, Execution>(StringComparer.Ordinal);
        foreach (var entry in journal)
        {
            if (entry.ActivityId is not { } activityId)
            {
                continue;
            }

            if (entry.Event == JournalEvent.Started)
            {
                var started = new Execution($"{record.Id}:e{entry.Sequence}", activityId, entry.ActivityType ?? "", nodeId(activityId), entry.At) { Actor = entry.Actor };
                open[activityId] = started;
                executions.Add(started);
                continue;
            }

            if (!open.TryGetValue(activityId, out var execution))
            {
                continue;
            }

            switch (entry.Event)
            {
                case JournalEvent.Suspended or JournalEvent.Waiting:
                    execution.HasBookmarks = true;
                    break;
                case JournalEvent.Resumed:
                    execution.HasBookmarks = false;
                    execution.Actor = entry.Actor;
                    break;
                case JournalEvent.Completed:
                    execution.HasBookmarks = false;
                    execution.Status = "Completed";
                    execution.CompletedAt = entry.At;
                    execution.Outcome = entry.Outcome;
                    execution.Actor = entry.Actor;
                    open.Remove(activityId);
                    break;
                case JournalEvent.Faulted:
                    execution.Status = "Faulted";
                    execution.Fault = entry.Message;
                    break;
                case JournalEvent.IncidentRetried:
                    // The retry starts a new execution of the activity; this one stays faulted and is closed.
                    execution.CompletedAt = entry.At;
                    open.Remove(activityId);
                    break;
            }
        }

        if (record.Status is WorkflowStatus.Cancelled or WorkflowStatus.Terminated)
        {
            foreach (var execution in open.Values.Where(e => e.Status == "Running"))
            {
                execution.Status = "Canceled";
                execution.HasBookmarks = false;
            }
        }

        return executions;
    }
}
