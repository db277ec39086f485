using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Definitions;
using TaskRouting.Workflows.Runtime.Expressions;

namespace TaskRouting.Workflows.Runtime.Execution;

/// <summary>Engine limits (section <c>TaskRouting:Workflows:Engine</c>).</summary>
public sealed class WorkflowEngineOptions
{
    public const string Section = "TaskRouting:Workflows:Engine";

    /// <summary>Activities one burst may run before the instance is stopped with an incident (a loop that never waits). Default 10,000.</summary>
    [Range(10, 1_000_000)]
    public int MaxStepsPerBurst { get; set; } = 10_000;
}

/// <summary>
/// What one burst did: the instance's new state and what changed, so the store can write it in one transaction.
/// <see cref="Applied"/> is false when nothing happened (e.g. the bookmark was already resumed).
/// </summary>
public sealed record BurstResult(
    WorkflowInstanceState State, bool Applied, IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<Bookmark> AddedBookmarks, IReadOnlyList<Bookmark> RemovedBookmarks, string? Reason = null)
{
    /// <summary>The set-based writes the burst's activities asked for (<see cref="ActivityContext.WriteOnCommit"/>), in order.</summary>
    public IReadOnlyList<Func<DbContext, CancellationToken, Task>> Writes { get; init; } = [];
}

/// <summary>
/// Runs a flowchart instance until every path waits or ends. Deterministic for a given definition, state, stimulus
/// and clock: ids and journal sequences come from counters in the state, time from the injected <see cref="TimeProvider"/>.
/// The engine only computes; the caller persists the result.
/// </summary>
public sealed class WorkflowEngine(
    ActivityCatalogue catalogue,
    ExpressionEvaluator expressions,
    IServiceProvider services,
    TimeProvider time,
    IOptions<WorkflowEngineOptions> options)
{
    public const string SystemActor = "system";

    /// <summary>A new instance's state, with the definition's variables at their initial values.</summary>
    public static WorkflowInstanceState NewInstance(
        string instanceId, string definitionId, int version, FlowchartDefinition definition, JsonObject? input, string? correlationId)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var state = new WorkflowInstanceState
        {
            InstanceId = instanceId,
            DefinitionId = definitionId,
            DefinitionVersion = version,
            CorrelationId = correlationId,
            Input = (JsonObject?)input?.DeepClone() ?? [],
        };
        foreach (var variable in definition.Variables)
        {
            state.Variables[variable.Name] = variable.Value?.DeepClone();
        }

        return state;
    }

    /// <summary>Runs the start activities.</summary>
    public Task<BurstResult> StartAsync(FlowchartDefinition definition, WorkflowInstanceState state, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        var work = definition.StartActivities().Select(a => new WorkItem(a.Id, null)).ToList();
        return RunAsync(definition, state, work, actor, [], cancellationToken);
    }

    /// <summary>
    /// Resumes one bookmark with a stimulus payload. A bookmark that no longer exists (already resumed, or the
    /// instance ended) changes nothing: resuming twice resumes once.
    /// </summary>
    public Task<BurstResult> ResumeAsync(
        FlowchartDefinition definition, WorkflowInstanceState state, string bookmarkId, JsonNode? payload, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        var bookmark = state.Bookmarks.FirstOrDefault(b => b.Id == bookmarkId);
        if (bookmark is null || state.IsEnded || state.Status == WorkflowStatus.Faulted)
        {
            return Task.FromResult(NotApplied(state, bookmark is null ? "bookmark-not-found" : $"instance-{state.Status.ToString().ToLowerInvariant()}"));
        }

        state.Bookmarks.Remove(bookmark);
        state.Status = WorkflowStatus.Running;
        var journal = new List<JournalEntry>();
        var node = definition.Find(bookmark.ActivityId);
        journal.Add(Entry(state, node, JournalEvent.Resumed, bookmark.Stimulus, actor, null));
        return RunAsync(definition, state, [new WorkItem(bookmark.ActivityId, null, new Resumption(bookmark, payload?.DeepClone(), actor))], actor, journal, cancellationToken, [bookmark]);
    }

    /// <summary>Runs a faulted activity again (after the operator fixed its cause), then whatever was pending.</summary>
    public Task<BurstResult> RetryAsync(FlowchartDefinition definition, WorkflowInstanceState state, string incidentId, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        var incident = state.Incidents.FirstOrDefault(i => i.Id == incidentId);
        if (incident is null || state.Status != WorkflowStatus.Faulted)
        {
            return Task.FromResult(NotApplied(state, "incident-not-found"));
        }

        state.Incidents.Remove(incident);
        state.Status = WorkflowStatus.Running;
        var work = new List<WorkItem> { incident.FailedItem };
        work.AddRange(state.Pending);
        state.Pending.Clear();
        var journal = new List<JournalEntry> { Entry(state, definition.Find(incident.ActivityId), JournalEvent.IncidentRetried, null, actor, incident.Message) };
        return RunAsync(definition, state, work, actor, journal, cancellationToken);
    }

    /// <summary>Cancels (a person's decision) or terminates (an operator's forced stop): every bookmark goes.</summary>
    public BurstResult Stop(WorkflowInstanceState state, bool terminate, string actor, string? reason)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.IsEnded)
        {
            return NotApplied(state, $"instance-{state.Status.ToString().ToLowerInvariant()}");
        }

        var removed = state.Bookmarks.ToList();
        state.Bookmarks.Clear();
        state.Pending.Clear();
        state.Status = terminate ? WorkflowStatus.Terminated : WorkflowStatus.Cancelled;
        var entry = Entry(state, null, terminate ? JournalEvent.InstanceTerminated : JournalEvent.InstanceCancelled, null, actor, reason);
        return new BurstResult(state, true, [entry], [], removed);
    }

    /// <summary>
    /// Why an instance cannot move to another version: every activity it waits in, will run next or failed in must
    /// exist there with the same type. Empty when it can move.
    /// </summary>
    public static IReadOnlyList<string> MigrationBlockers(WorkflowInstanceState state, FlowchartDefinition target)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(target);
        if (state.IsEnded)
        {
            return [$"实例已结束({state.Status}) / The instance has ended ({state.Status})"];
        }

        var current = state.Bookmarks.Select(b => (b.ActivityId, Why: "waits in"))
            .Concat(state.Pending.Select(p => (p.ActivityId, Why: "will run")))
            .Concat(state.Incidents.Select(i => (i.ActivityId, Why: "failed in")));
        var types = state.Incidents.ToDictionary(i => i.ActivityId, i => i.ActivityType, StringComparer.Ordinal);
        var blockers = new List<string>();
        foreach (var (activityId, why) in current.Distinct())
        {
            var node = target.Find(activityId);
            if (node is null)
            {
                blockers.Add($"新版本没有活动 {activityId}(实例{(why == "waits in" ? "正在其中等待" : why == "will run" ? "将要执行它" : "在其中出错")}) / The new version has no activity {activityId} (the instance {why} it)");
            }
            else if (types.TryGetValue(activityId, out var type) && type.Length > 0 && type != node.Type)
            {
                blockers.Add($"活动 {activityId} 的类型从 {type} 变为 {node.Type} / Activity {activityId} changed type from {type} to {node.Type}");
            }
        }

        return blockers;
    }

    /// <summary>Moves an instance to another version of its definition (see <see cref="MigrationBlockers"/>).</summary>
    public BurstResult Migrate(WorkflowInstanceState state, FlowchartDefinition target, int targetVersion, string actor)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(target);
        var blockers = MigrationBlockers(state, target);
        if (blockers.Count > 0 || state.DefinitionVersion == targetVersion)
        {
            return NotApplied(state, blockers.Count > 0 ? string.Join("; ", blockers) : "already-on-version");
        }

        var from = state.DefinitionVersion;
        state.DefinitionVersion = targetVersion;
        foreach (var variable in target.Variables.Where(v => !state.Variables.ContainsKey(v.Name)))
        {
            state.Variables[variable.Name] = variable.Value?.DeepClone();
        }

        // Join bookkeeping of activities that are gone would never be read again.
        foreach (var gone in state.ActivityState.Keys.Where(id => target.Find(id) is null).ToList())
        {
            state.ActivityState.Remove(gone);
        }

        var entry = Entry(state, null, JournalEvent.Migrated, null, actor, $"v{from} → v{targetVersion}");
        return new BurstResult(state, true, [entry], [], []);
    }

    private async Task<BurstResult> RunAsync(
        FlowchartDefinition definition, WorkflowInstanceState state, List<WorkItem> work, string actor,
        List<JournalEntry> journal, CancellationToken cancellationToken, List<Bookmark>? removedAtStart = null)
    {
        var now = time.GetUtcNow();
        var added = new List<Bookmark>();
        var removed = removedAtStart ?? [];
        var queue = new Queue<WorkItem>(work);
        var writes = new List<Func<DbContext, CancellationToken, Task>>();
        var steps = 0;
        state.Status = WorkflowStatus.Running;

        while (queue.Count > 0 && state.Status == WorkflowStatus.Running)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = queue.Dequeue();
            var node = definition.Find(item.ActivityId);
            var descriptor = node is null ? null : catalogue.Find(node.Type);
            if (++steps > options.Value.MaxStepsPerBurst)
            {
                Fault(state, item, node, $"一次运行超过 {options.Value.MaxStepsPerBurst} 步而没有等待:可能是死循环 / More than {options.Value.MaxStepsPerBurst} steps without waiting: probably a loop that never waits", now, journal, actor, queue);
                break;
            }

            if (node is null || descriptor is null)
            {
                Fault(state, item, node, node is null
                    ? $"流程中没有活动 {item.ActivityId} / The definition has no activity {item.ActivityId}"
                    : $"未知的活动类型 {node.Type} / Unknown activity type {node.Type}", now, journal, actor, queue);
                break;
            }

            if (item.Resumption is null)
            {
                journal.Add(Entry(state, node, JournalEvent.Started, null, actor, null, now));
            }

            var context = new ActivityContext(node, descriptor, definition, state, item.ArrivedVia, now, actor, services, expressions);
            ActivityResult result;
            try
            {
                var activity = catalogue.Create(services, descriptor);
                result = item.Resumption is null
                    ? await activity.ExecuteAsync(context, cancellationToken)
                    : await activity.ResumeAsync(context, item.Resumption, cancellationToken);
            }
            catch (ActivityFaultException ex)
            {
                result = new ActivityResult.Fault(ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An activity's own bug must not lose the instance: it becomes an incident like any fault.
                result = new ActivityResult.Fault($"{ex.GetType().Name}: {ex.Message}");
            }

            if (result is not ActivityResult.Fault)
            {
                writes.AddRange(context.Writes);
            }

            switch (result)
            {
                case ActivityResult.Outcomes outcomes:
                    journal.Add(Entry(state, node, JournalEvent.Completed, string.Join(",", outcomes.Ports), actor, null, now));
                    // An activity that completes leaves nothing waiting behind (e.g. the deadline timer of a task just done).
                    foreach (var leftover in state.Bookmarks.Where(b => b.ActivityId == node.Id).ToList())
                    {
                        state.Bookmarks.Remove(leftover);
                        removed.Add(leftover);
                    }

                    foreach (var port in outcomes.Ports)
                    {
                        foreach (var connection in definition.Outbound(node.Id, port))
                        {
                            queue.Enqueue(new WorkItem(connection.Target, connection));
                        }
                    }

                    break;
                case ActivityResult.Suspend suspend:
                    foreach (var request in suspend.Bookmarks)
                    {
                        // Due times are stored as UTC instants whatever offset the activity computed them in (e.g. China time).
                        var bookmark = new Bookmark(state.NextId("b"), node.Id, request.Stimulus, request.CorrelationKey, request.DueAt?.ToUniversalTime(), request.Payload, now);
                        state.Bookmarks.Add(bookmark);
                        added.Add(bookmark);
                    }

                    journal.Add(Entry(state, node, JournalEvent.Suspended, string.Join(",", suspend.Bookmarks.Select(b => b.Stimulus)), actor, null, now));
                    break;
                case ActivityResult.Absorb absorb:
                    journal.Add(Entry(state, node, JournalEvent.Waiting, null, actor, absorb.Reason, now));
                    break;
                case ActivityResult.FinishWorkflow:
                    journal.Add(Entry(state, node, JournalEvent.Completed, null, actor, null, now));
                    removed.AddRange(state.Bookmarks);
                    state.Bookmarks.Clear();
                    queue.Clear();
                    state.Status = WorkflowStatus.Finished;
                    break;
                case ActivityResult.Fault fault:
                    Fault(state, item, node, fault.Message, now, journal, actor, queue);
                    break;
            }
        }

        if (state.Status == WorkflowStatus.Running)
        {
            state.Status = state.Bookmarks.Count > 0 ? WorkflowStatus.Suspended : WorkflowStatus.Finished;
        }

        if (state.Status == WorkflowStatus.Finished)
        {
            journal.Add(Entry(state, null, JournalEvent.InstanceFinished, null, actor, null, now));
        }

        // A bookmark made and removed in the same burst never reaches the database.
        var removedIds = removed.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var netAdded = added.Where(b => !removedIds.Contains(b.Id)).ToList();
        var addedIds = added.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var netRemoved = removed.Where(b => !addedIds.Contains(b.Id)).ToList();
        return new BurstResult(state, true, journal, netAdded, netRemoved) { Writes = writes };
    }

    private void Fault(WorkflowInstanceState state, WorkItem item, ActivityNode? node, string message, DateTimeOffset now,
        List<JournalEntry> journal, string actor, Queue<WorkItem> queue)
    {
        state.Incidents.Add(new Incident(state.NextId("i"), item.ActivityId, node?.Type ?? "", message, now, item));
        state.Pending.AddRange(queue);
        queue.Clear();
        state.Status = WorkflowStatus.Faulted;
        journal.Add(Entry(state, node, JournalEvent.Faulted, null, actor, message, now));
    }

    private JournalEntry Entry(WorkflowInstanceState state, ActivityNode? node, JournalEvent @event, string? outcome, string actor, string? message, DateTimeOffset? at = null) =>
        new(++state.JournalSequence, state.InstanceId, node?.Id, node?.Type, @event, outcome, actor, at ?? time.GetUtcNow(), message);

    private static BurstResult NotApplied(WorkflowInstanceState state, string reason) => new(state, false, [], [], [], reason);
}
