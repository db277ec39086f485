using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Workflows.Runtime.Definitions;

namespace TaskRouting.Workflows.Runtime.Persistence;

/// <summary>The result of saving or publishing: the version written, or the errors that stopped it (nothing written).</summary>
public sealed record DefinitionSaveResult(WorkflowDefinitionRecord? Record, IReadOnlyList<DefinitionError> Errors, bool AlreadyPublished = false)
{
    public bool Succeeded => Record is not null && Errors.Count == 0;
}

/// <summary>Parsed published versions, which never change, so each is read once per process.</summary>
public sealed class DefinitionCache
{
    /// <summary>How long a node trusts its memory of which version is published before asking the database again.</summary>
    public static readonly TimeSpan PublishedVersionLifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, FlowchartDefinition> _published = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string? Tenant, string DefinitionId), (WorkflowDefinitionRecord Record, DateTimeOffset Until)> _current = new();

    internal WorkflowDefinitionRecord? CurrentPublished(string? tenant, string definitionId, DateTimeOffset now) =>
        _current.TryGetValue((tenant, definitionId), out var entry) && entry.Until > now ? entry.Record : null;

    internal void RememberPublished(string? tenant, WorkflowDefinitionRecord record, DateTimeOffset now) =>
        _current[(tenant, record.DefinitionId)] = (record, now + PublishedVersionLifetime);

    internal void ForgetPublished(string definitionId)
    {
        foreach (var key in _current.Keys.Where(k => k.DefinitionId == definitionId))
        {
            _current.TryRemove(key, out _);
        }
    }

    /// <summary>Forgets everything about a deleted definition (its id may come back through an import).</summary>
    internal void ForgetDefinition(string definitionId)
    {
        ForgetPublished(definitionId);
        foreach (var key in _published.Keys.Where(k => k.StartsWith(definitionId + ":v", StringComparison.Ordinal)))
        {
            _published.TryRemove(key, out _);
        }
    }

    internal FlowchartDefinition? Find(string definitionId, int version) =>
        _published.GetValueOrDefault(WorkflowDefinitionRecord.IdOf(definitionId, version));

    internal FlowchartDefinition GetOrAdd(WorkflowDefinitionRecord record)
    {
        if (record.Status == DefinitionStatus.Draft)
        {
            return Parse(record);
        }

        return _published.GetOrAdd(record.Id, _ => Parse(record));
    }

    private static FlowchartDefinition Parse(WorkflowDefinitionRecord record)
    {
        var (definition, errors) = ElsaJsonReader.Read(record.Json);
        return definition ?? throw new InvalidOperationException(
            $"Stored definition {record.Id} cannot be read: {string.Join("; ", errors.Select(e => e.Message))}");
    }
}

/// <summary>
/// Versioned definitions. Saving updates the latest draft in place, or creates version n+1 when the latest is
/// published; publishing validates first and supersedes the previous published version, whose running instances
/// stay on it; retracting stops new instances.
/// </summary>
public sealed class WorkflowDefinitions(DbContext db, DefinitionValidator validator, DefinitionCache cache, IWorkflowCommitter committer, TimeProvider time)
{
    /// <summary>The definitions a tenant owns (a null tenant: the host itself, which sees all).</summary>
    public IQueryable<WorkflowDefinitionRecord> Query(string? tenant) =>
        tenant is null ? db.Set<WorkflowDefinitionRecord>() : db.Set<WorkflowDefinitionRecord>().Where(d => d.Tenant == tenant);

    public Task<WorkflowDefinitionRecord?> FindLatestAsync(string? tenant, string definitionId, CancellationToken cancellationToken) =>
        Query(tenant).FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.IsLatest, cancellationToken);

    public Task<WorkflowDefinitionRecord?> FindPublishedAsync(string? tenant, string definitionId, CancellationToken cancellationToken) =>
        Query(tenant).FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Status == DefinitionStatus.Published, cancellationToken);

    /// <summary>
    /// The published version new instances start on. Remembered for <see cref="DefinitionCache.PublishedVersionLifetime"/>:
    /// this node sees its own publications at once, other nodes' within that time.
    /// </summary>
    public async Task<WorkflowDefinitionRecord?> FindPublishedForStartAsync(string? tenant, string definitionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cache.CurrentPublished(tenant, definitionId, now) is { } remembered)
        {
            return remembered;
        }

        var record = await Query(tenant).AsNoTracking()
            .FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Status == DefinitionStatus.Published, cancellationToken);
        if (record is not null)
        {
            cache.RememberPublished(tenant, record, now);
        }

        return record;
    }

    public Task<WorkflowDefinitionRecord?> FindVersionAsync(string? tenant, string definitionId, int version, CancellationToken cancellationToken) =>
        Query(tenant).FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Version == version, cancellationToken);

    /// <summary>The executable form of a stored version.</summary>
    public async Task<FlowchartDefinition> LoadAsync(string definitionId, int version, CancellationToken cancellationToken)
    {
        // A version that was ever published never changes again: after the first read it comes from memory.
        if (cache.Find(definitionId, version) is { } cached)
        {
            return cached;
        }

        var record = await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Version == version, cancellationToken)
            ?? throw new InvalidOperationException($"No version {version} of definition {definitionId}");
        return cache.GetOrAdd(record);
    }

    /// <summary>Reads and, when publishing, validates a definition without writing anything.</summary>
    public (FlowchartDefinition? Definition, IReadOnlyList<DefinitionError> Errors) Check(string json, bool forPublishing)
    {
        var (definition, errors) = ElsaJsonReader.Read(json);
        if (definition is null || !forPublishing)
        {
            return (definition, errors);
        }

        return (definition, validator.Validate(definition));
    }

    /// <summary>Saves (and optionally publishes) a tenant's definition; a null id creates a new definition.</summary>
    public async Task<DefinitionSaveResult> SaveAsync(
        string? tenant, string? definitionId, string name, string? description, string json, bool publish, string actor,
        Action<DbContext, WorkflowDefinitionRecord>? beforeCommit, CancellationToken cancellationToken)
    {
        var (_, errors) = Check(json, publish);
        if (errors.Count > 0)
        {
            return new DefinitionSaveResult(null, errors);
        }

        var now = time.GetUtcNow();
        var latest = definitionId is null ? null : await FindLatestAsync(tenant, definitionId, cancellationToken);
        if (latest is { Status: DefinitionStatus.Published } && latest.Name == name && latest.Description == description && SameDesign(latest.Json, json))
        {
            // Saving what is already published (the Studio saves again after publishing) makes no new version.
            return new DefinitionSaveResult(latest, [], AlreadyPublished: true);
        }

        WorkflowDefinitionRecord record;
        if (latest is { Status: DefinitionStatus.Draft })
        {
            record = latest;
            record.Name = name;
            record.Description = description;
            record.Json = json;
            record.UpdatedAt = now;
        }
        else
        {
            var id = definitionId ?? Guid.NewGuid().ToString("N");
            var version = (latest?.Version ?? 0) + 1;
            if (latest is not null)
            {
                latest.IsLatest = false;
            }

            record = new WorkflowDefinitionRecord
            {
                Id = WorkflowDefinitionRecord.IdOf(id, version),
                DefinitionId = id,
                Tenant = tenant,
                Version = version,
                Name = name,
                Description = description,
                Status = DefinitionStatus.Draft,
                IsLatest = true,
                Json = json,
                CreatedAt = now,
                UpdatedAt = now,
                CreatedBy = actor,
            };
            db.Add(record);
        }

        if (publish)
        {
            await MarkPublishedAsync(record, now, cancellationToken);
        }

        beforeCommit?.Invoke(db, record);
        await committer.CommitAsync(db, cancellationToken);
        return new DefinitionSaveResult(record, []);
    }

    /// <summary>Publishes the latest version after validating it; publishing the published version again changes nothing.</summary>
    public async Task<DefinitionSaveResult> PublishAsync(
        string? tenant, string definitionId, Action<DbContext, WorkflowDefinitionRecord>? beforeCommit, CancellationToken cancellationToken)
    {
        var latest = await FindLatestAsync(tenant, definitionId, cancellationToken);
        if (latest is null)
        {
            return new DefinitionSaveResult(null, [new DefinitionError("definitionId", null, $"没有流程 {definitionId} / No definition {definitionId}")]);
        }

        if (latest.Status == DefinitionStatus.Published)
        {
            return new DefinitionSaveResult(latest, [], AlreadyPublished: true);
        }

        var (_, errors) = Check(latest.Json, forPublishing: true);
        if (errors.Count > 0)
        {
            return new DefinitionSaveResult(null, errors);
        }

        await MarkPublishedAsync(latest, time.GetUtcNow(), cancellationToken);
        beforeCommit?.Invoke(db, latest);
        await committer.CommitAsync(db, cancellationToken);
        return new DefinitionSaveResult(latest, []);
    }

    /// <summary>Withdraws the published version: running instances continue, new ones cannot start.</summary>
    public async Task<WorkflowDefinitionRecord?> RetractAsync(
        string? tenant, string definitionId, Action<DbContext, WorkflowDefinitionRecord>? beforeCommit, CancellationToken cancellationToken)
    {
        var published = await FindPublishedAsync(tenant, definitionId, cancellationToken);
        if (published is null)
        {
            return null;
        }

        published.Status = DefinitionStatus.Retracted;
        cache.ForgetPublished(definitionId);
        published.UpdatedAt = time.GetUtcNow();
        beforeCommit?.Invoke(db, published);
        await committer.CommitAsync(db, cancellationToken);
        return published;
    }

    /// <summary>
    /// Deletes every version of a definition that no instance ever ran on. Returns the number of versions deleted,
    /// 0 when the definition does not exist, or null when instances exist (retract it instead: instances keep their
    /// definition for their whole life).
    /// </summary>
    public async Task<int?> DeleteAsync(
        string? tenant, string definitionId, Action<DbContext, IReadOnlyList<WorkflowDefinitionRecord>>? beforeCommit, CancellationToken cancellationToken)
    {
        var versions = await Query(tenant).Where(d => d.DefinitionId == definitionId).ToListAsync(cancellationToken);
        if (versions.Count == 0)
        {
            return 0;
        }

        if (await db.Set<WorkflowInstanceRecord>().AnyAsync(i => i.DefinitionId == definitionId, cancellationToken))
        {
            return null;
        }

        db.RemoveRange(versions);
        cache.ForgetDefinition(definitionId);
        beforeCommit?.Invoke(db, versions);
        await committer.CommitAsync(db, cancellationToken);
        return versions.Count;
    }

    /// <summary>
    /// Whether two definition JSONs describe the same workflow: equal except for the sizes the designer measures
    /// when it draws the activities (they change with fonts and zoom, not with the design).
    /// </summary>
    internal static bool SameDesign(string a, string b)
    {
        static JsonNode? WithoutSizes(string json)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(json);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }

            var root = node?["root"] ?? node;
            foreach (var activity in (root?["activities"] as JsonArray ?? []).OfType<JsonObject>())
            {
                (activity["metadata"]?["designer"] as JsonObject)?.Remove("size");
            }

            return node;
        }

        var left = WithoutSizes(a);
        return left is not null && JsonNode.DeepEquals(left, WithoutSizes(b));
    }

    private async Task MarkPublishedAsync(WorkflowDefinitionRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var previous = await db.Set<WorkflowDefinitionRecord>()
            .Where(d => d.DefinitionId == record.DefinitionId && d.Status == DefinitionStatus.Published && d.Id != record.Id)
            .ToListAsync(cancellationToken);
        foreach (var old in previous)
        {
            old.Status = DefinitionStatus.Superseded;
            old.UpdatedAt = now;
        }

        record.Status = DefinitionStatus.Published;
        record.PublishedAt = now;
        record.UpdatedAt = now;
        cache.ForgetPublished(record.DefinitionId);
    }
}
