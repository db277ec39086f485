using System.Text.Json.Nodes;
using TaskRouting.Workflows.Runtime.Definitions;

namespace TaskRouting.Workflows.Runtime.Execution;

public enum WorkflowStatus { Running, Suspended, Finished, Faulted, Cancelled, Terminated }

/// <summary>
/// An instance's whole execution state, serialised as one JSON document next to its indexed bookmark, timer and
/// journal rows. Everything the engine needs to continue lives here, so a crash between bursts loses nothing.
/// </summary>
public sealed class WorkflowInstanceState
{
    public required string InstanceId { get; init; }
    public required string DefinitionId { get; init; }
    public required int DefinitionVersion { get; set; }
    public string? CorrelationId { get; init; }
    public WorkflowStatus Status { get; set; } = WorkflowStatus.Running;
    public JsonObject Input { get; init; } = [];
    public Dictionary<string, JsonNode?> Variables { get; init; } = new(StringComparer.Ordinal);
    public List<Bookmark> Bookmarks { get; init; } = [];
    public List<Incident> Incidents { get; init; } = [];
    /// <summary>Per-activity state that survives suspension (e.g. which branches reached a join).</summary>
    public Dictionary<string, JsonObject> ActivityState { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Work that was scheduled but not run when a fault stopped the burst; a retry runs it.</summary>
    public List<WorkItem> Pending { get; init; } = [];
    /// <summary>Counts issued ids and journal sequences so both are deterministic for a given history.</summary>
    public long Sequence { get; set; }
    public long JournalSequence { get; set; }

    public bool IsEnded => Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled or WorkflowStatus.Terminated;

    public string NextId(string prefix) => $"{InstanceId}:{prefix}{++Sequence}";
}

/// <summary>An activity to run, with how execution reached it and, for a resumed bookmark, what resumed it.</summary>
public sealed record WorkItem(string ActivityId, FlowConnection? ArrivedVia, Resumption? Resumption = null);

/// <summary>
/// A point where the instance waits: for a named stimulus with a correlation key, a due time (a durable timer), or both.
/// </summary>
public sealed record Bookmark(
    string Id, string ActivityId, string Stimulus, string? CorrelationKey, DateTimeOffset? DueAt,
    JsonObject? Payload, DateTimeOffset CreatedAt);

/// <summary>What an activity asks for when it suspends.</summary>
public sealed record BookmarkRequest(string Stimulus, string? CorrelationKey = null, DateTimeOffset? DueAt = null, JsonObject? Payload = null);

/// <summary>A resumed bookmark: the payload of the stimulus and who sent it.</summary>
public sealed record Resumption(Bookmark Bookmark, JsonNode? Payload, string Actor);

/// <summary>A fault that stopped the instance, visible to operators and retryable.</summary>
public sealed record Incident(string Id, string ActivityId, string ActivityType, string Message, DateTimeOffset At, WorkItem FailedItem);

public enum JournalEvent { Started, Completed, Suspended, Resumed, Faulted, Waiting, InstanceFinished, InstanceCancelled, InstanceTerminated, IncidentRetried, Migrated }

/// <summary>One line of an instance's journal: what happened to which activity, when, by whom, with which outcome.</summary>
public sealed record JournalEntry(
    long Sequence, string InstanceId, string? ActivityId, string? ActivityType, JournalEvent Event,
    string? Outcome, string Actor, DateTimeOffset At, string? Message);
