using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Retry;
using TaskRouting.Workflows.Runtime.Definitions;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Persistence;

public enum InstanceOutcome
{
    /// <summary>The burst ran and was committed.</summary>
    Applied,
    /// <summary>No such instance, bookmark or definition.</summary>
    NotFound,
    /// <summary>Nothing to do: the bookmark was already resumed, the instance has ended, the incident is gone.</summary>
    NotApplicable,
    /// <summary>The definition has no published version to start.</summary>
    NotPublished,
}

/// <summary>An instance that cannot move to the target version, and why.</summary>
public sealed record MigrationBlock(string InstanceId, IReadOnlyList<string> Reasons);

/// <summary>The instances that moved (or, in a dry run, would move) and those that cannot.</summary>
public sealed record MigrationReport(bool Valid, IReadOnlyList<string> Moved, IReadOnlyList<MigrationBlock> Blocked, string? Error);

/// <summary>What a command on an instance did.</summary>
public sealed record InstanceResult(InstanceOutcome Outcome, WorkflowInstanceRecord? Instance, BurstResult? Burst, string? Reason = null);

/// <summary>
/// Starts and moves instances, one database transaction per burst: the instance's state and revision, its bookmark
/// rows (timers included), its journal and whatever the activities and the caller changed commit together or not
/// at all. A concurrent burst on the same instance makes the commit fail on the revision; the command is then
/// retried from fresh state (Polly), so 100 resumes of one instance each apply exactly once.
/// </summary>
public sealed class WorkflowInstances(
    DbContext db, WorkflowEngine engine, WorkflowDefinitions definitions, IWorkflowCommitter committer, TimeProvider time)
{
    private static readonly ResiliencePipeline ConflictRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<DbUpdateException>(IsConflict),
            // Many writers on one hot instance (a fan-in) each win eventually: one commits per round, the rest back off.
            MaxRetryAttempts = 100,
            Delay = TimeSpan.FromMilliseconds(2),
            MaxDelay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    /// <summary>Starts an instance of the published version of a tenant's definition (a null tenant: any).</summary>
    public async Task<InstanceResult> StartAsync(
        string? tenant, string definitionId, JsonObject? input, string? correlationId, string actor,
        Action<DbContext, BurstResult>? beforeCommit, CancellationToken cancellationToken)
    {
        var published = await definitions.FindPublishedForStartAsync(tenant, definitionId, cancellationToken);
        if (published is null)
        {
            return new InstanceResult(InstanceOutcome.NotPublished, null, null, $"流程 {definitionId} 没有已发布的版本 / Definition {definitionId} has no published version");
        }

        var definition = await definitions.LoadAsync(published.DefinitionId, published.Version, cancellationToken);
        var state = WorkflowEngine.NewInstance(Guid.NewGuid().ToString("N"), published.DefinitionId, published.Version, definition, input, correlationId);
        var now = time.GetUtcNow();
        var record = new WorkflowInstanceRecord
        {
            Id = state.InstanceId,
            DefinitionId = state.DefinitionId,
            Tenant = published.Tenant,
            DefinitionVersion = state.DefinitionVersion,
            CorrelationId = correlationId,
            StateJson = "{}",
            Revision = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var burst = await engine.StartAsync(definition, state, actor, cancellationToken);
        Apply(record, burst);
        await CommitAsync(record, expectedRevision: null, burst, beforeCommit, cancellationToken);
        return new InstanceResult(InstanceOutcome.Applied, record, burst);
    }

    /// <summary>Resumes one bookmark. Resuming a bookmark that was already resumed changes nothing.</summary>
    public async Task<InstanceResult> ResumeAsync(
        string bookmarkId, JsonNode? payload, string actor, Action<DbContext, BurstResult>? beforeCommit, CancellationToken cancellationToken)
    {
        // Bookmark ids are "{instanceId}:b{n}" (WorkflowInstanceState.NextId): no lookup needed to find the instance.
        var separator = bookmarkId.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return new InstanceResult(InstanceOutcome.NotApplicable, null, null, "bookmark-not-found");
        }

        var result = await RunAsync(bookmarkId[..separator],
            (definition, state, ct) => engine.ResumeAsync(definition, state, bookmarkId, payload, actor, ct), beforeCommit, cancellationToken);
        return result.Outcome == InstanceOutcome.NotFound ? result with { Outcome = InstanceOutcome.NotApplicable, Reason = "bookmark-not-found" } : result;
    }

    /// <summary>Delivers a named stimulus to every bookmark of the tenant (null: any) waiting for it with that correlation key.</summary>
    public async Task<IReadOnlyList<InstanceResult>> TriggerAsync(
        string? tenant, string stimulus, string? correlationKey, JsonNode? payload, string actor,
        Action<DbContext, BurstResult>? beforeCommit, CancellationToken cancellationToken)
    {
        var ids = await db.Set<BookmarkRecord>().AsNoTracking()
            .Where(b => b.Stimulus == stimulus && b.CorrelationKey == correlationKey && (tenant == null || b.Tenant == tenant))
            .OrderBy(b => b.CreatedAt).Select(b => b.Id).ToListAsync(cancellationToken);
        var results = new List<InstanceResult>();
        foreach (var id in ids)
        {
            results.Add(await ResumeAsync(id, payload, actor, beforeCommit, cancellationToken));
        }

        return results;
    }

    /// <summary>Runs a faulted activity again (the operator's retry), then the work that was pending.</summary>
    public Task<InstanceResult> RetryIncidentAsync(
        string instanceId, string incidentId, string actor, Action<DbContext, BurstResult>? beforeCommit, CancellationToken cancellationToken) =>
        RunAsync(instanceId, (definition, state, ct) => engine.RetryAsync(definition, state, incidentId, actor, ct), beforeCommit, cancellationToken);

    /// <summary>Cancels or terminates an instance; its bookmarks and timers go with it.</summary>
    public Task<InstanceResult> StopAsync(
        string instanceId, bool terminate, string? reason, string actor, Action<DbContext, BurstResult>? beforeCommit, CancellationToken cancellationToken) =>
        RunAsync(instanceId, (_, state, _) => Task.FromResult(engine.Stop(state, terminate, actor, reason)), beforeCommit, cancellationToken);

    /// <summary>
    /// Moves the unfinished instances of one version of a definition to another version. A dry run only reports;
    /// either way the report lists the instances that can move and, for each that cannot, why (the activity it waits
    /// in is gone). Each move is its own transaction, so a conflict on one instance does not block the others.
    /// </summary>
    public async Task<MigrationReport> MigrateAsync(
        string? tenant, string definitionId, int fromVersion, int toVersion, bool dryRun, string actor,
        Action<DbContext, BurstResult>? beforeCommit, CancellationToken cancellationToken)
    {
        var target = await definitions.FindVersionAsync(tenant, definitionId, toVersion, cancellationToken);
        if (target is null || await definitions.FindVersionAsync(tenant, definitionId, fromVersion, cancellationToken) is null)
        {
            return new MigrationReport(false, [], [], $"没有版本 {fromVersion} 或 {toVersion} / Version {fromVersion} or {toVersion} does not exist");
        }

        if (target.Status == DefinitionStatus.Draft)
        {
            return new MigrationReport(false, [], [], $"版本 {toVersion} 尚未发布 / Version {toVersion} is a draft; publish it first");
        }

        var targetDefinition = await definitions.LoadAsync(definitionId, toVersion, cancellationToken);
        var candidates = await db.Set<WorkflowInstanceRecord>().AsNoTracking()
            .Where(i => i.DefinitionId == definitionId && i.DefinitionVersion == fromVersion
                && i.Status != WorkflowStatus.Finished && i.Status != WorkflowStatus.Cancelled && i.Status != WorkflowStatus.Terminated)
            .OrderBy(i => i.CreatedAt).Select(i => new { i.Id, i.StateJson }).ToListAsync(cancellationToken);
        var movable = new List<string>();
        var blocked = new List<MigrationBlock>();
        foreach (var candidate in candidates)
        {
            var blockers = WorkflowEngine.MigrationBlockers(StateSerializer.Deserialize(candidate.StateJson), targetDefinition);
            if (blockers.Count > 0)
            {
                blocked.Add(new MigrationBlock(candidate.Id, blockers));
                continue;
            }

            if (dryRun)
            {
                movable.Add(candidate.Id);
                continue;
            }

            var result = await RunAsync(candidate.Id, (_, state, _) => Task.FromResult(engine.Migrate(state, targetDefinition, toVersion, actor)),
                beforeCommit, cancellationToken);
            if (result.Outcome == InstanceOutcome.Applied)
            {
                movable.Add(candidate.Id);
            }
            else
            {
                blocked.Add(new MigrationBlock(candidate.Id, [result.Reason ?? "not applied"]));
            }
        }

        return new MigrationReport(true, movable, blocked, null);
    }

    /// <summary>
    /// Fires due timers, each in its own transaction. On PostgreSQL a timer row is claimed with
    /// <c>FOR UPDATE SKIP LOCKED</c>, so any number of nodes sweeping at once fire each timer exactly once;
    /// SQLite's single writer gives the same guarantee on the embedded default.
    /// </summary>
    public async Task<int> FireDueTimersAsync(int max, CancellationToken cancellationToken)
    {
        var fired = 0;
        var postgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        while (fired < max)
        {
            var now = time.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.ChangeTracker.Clear();
            var due = postgres
                ? await db.Database.SqlQueryRaw<string>(
                    """
                    SELECT b."Id" AS "Value" FROM workflow_bookmarks b
                    WHERE b."DueAt" IS NOT NULL AND b."DueAt" <= {0}
                      AND EXISTS (SELECT 1 FROM workflow_instances i WHERE i."Id" = b."InstanceId" AND i."Status" = 'Suspended')
                    ORDER BY b."DueAt" LIMIT 1 FOR UPDATE OF b SKIP LOCKED
                    """, now)
                    .ToListAsync(cancellationToken)
                : await db.Set<BookmarkRecord>()
                    .Where(b => b.DueAt != null && b.DueAt <= now
                        && db.Set<WorkflowInstanceRecord>().Any(i => i.Id == b.InstanceId && i.Status == WorkflowStatus.Suspended))
                    .OrderBy(b => b.DueAt).Select(b => b.Id).Take(1).ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            var result = await ResumeAsync(due[0], new JsonObject { ["firedAt"] = now.ToString("O") }, WorkflowEngine.SystemActor, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (result.Outcome != InstanceOutcome.Applied)
            {
                // Only suspended instances are swept, so this is a race lost to another writer; the next sweep sees the truth.
                break;
            }

            fired++;
        }

        return fired;
    }

    private async Task<InstanceResult> RunAsync(
        string instanceId,
        Func<FlowchartDefinition, WorkflowInstanceState, CancellationToken, Task<BurstResult>> burst,
        Action<DbContext, BurstResult>? beforeCommit,
        CancellationToken cancellationToken) =>
        await ConflictRetry.ExecuteAsync(async ct =>
        {
            // Every attempt starts from what is committed now.
            db.ChangeTracker.Clear();
            var record = await FindInstance(db, instanceId, ct);
            if (record is null)
            {
                return new InstanceResult(InstanceOutcome.NotFound, null, null, "instance-not-found");
            }

            var state = StateSerializer.Deserialize(record.StateJson);
            var definition = await definitions.LoadAsync(record.DefinitionId, record.DefinitionVersion, ct);
            var result = await burst(definition, state, ct);
            if (!result.Applied)
            {
                return new InstanceResult(InstanceOutcome.NotApplicable, record, result, result.Reason);
            }

            // Optimistic: the write of the instance carries the revision read above, so a burst that another node
            // committed meanwhile makes this one fail (revision mismatch, or its journal/bookmark keys already taken),
            // and the whole command is retried from fresh state.
            var expected = record.Revision;
            record.Revision++;
            Apply(record, result);
            await CommitAsync(record, expected, result, beforeCommit, ct);
            return new InstanceResult(InstanceOutcome.Applied, record, result);
        }, cancellationToken);

    /// <summary>
    /// A concurrent burst on the same instance: the revision check failed, or this burst's journal or bookmark rows
    /// collide with the ones the other burst committed (the database may report that first, whatever the order of
    /// the statements). Any other failure, such as a caller's domain row, is not retried.
    /// </summary>
    internal static bool IsConflict(DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException
        || (exception.InnerException is System.Data.Common.DbException db
            && (db.SqlState == "23505" || db.ErrorCode == 19 /* SQLite: constraint */)
            && (db.Message.Contains("workflow_journal", StringComparison.Ordinal) || db.Message.Contains("workflow_bookmarks", StringComparison.Ordinal)));

    private static readonly Func<DbContext, string, CancellationToken, Task<WorkflowInstanceRecord?>> FindInstance =
        EF.CompileAsyncQuery((DbContext context, string id, CancellationToken _) =>
            context.Set<WorkflowInstanceRecord>().AsNoTracking().FirstOrDefault(i => i.Id == id));

    private Task CommitAsync(
        WorkflowInstanceRecord record, long? expectedRevision, BurstResult burst, Action<DbContext, BurstResult>? beforeCommit,
        CancellationToken cancellationToken) =>
        BurstWriter.WriteAsync(db, record, expectedRevision, burst, ct =>
        {
            beforeCommit?.Invoke(db, burst);
            return committer.CommitAsync(db, ct);
        }, cancellationToken);

    private void Apply(WorkflowInstanceRecord record, BurstResult result)
    {
        var state = result.State;
        var now = time.GetUtcNow();
        record.StateJson = StateSerializer.Serialize(state);
        record.Status = state.Status;
        record.DefinitionVersion = state.DefinitionVersion;
        record.IncidentCount = state.Incidents.Count;
        record.UpdatedAt = now;
        record.FinishedAt = state.IsEnded ? now : null;
    }
}
