using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Persistence;

/// <summary>
/// Writes one burst's rows: the instance (inserted, or updated under its revision), the bookmarks it removed and
/// added, and its journal row. On PostgreSQL they go as one ADO.NET batch on the context's own connection and
/// transaction (one round trip, auto-prepared), so the caller's domain changes and audit entries saved afterwards
/// through the context still commit atomically with them. Elsewhere (SQLite, the embedded default) the rows are
/// handed to EF Core's change tracker. Either way a concurrent burst surfaces as a
/// <see cref="DbUpdateException"/> that <see cref="WorkflowInstances.IsConflict"/> recognises.
/// </summary>
internal static class BurstWriter
{
    private const string InsertInstance =
        """
        INSERT INTO workflow_instances ("Id", "DefinitionId", "Tenant", "DefinitionVersion", "CorrelationId", "Status", "IncidentCount", "StateJson", "Revision", "CreatedAt", "UpdatedAt", "FinishedAt")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        """;

    private const string UpdateInstance =
        """
        UPDATE workflow_instances SET "DefinitionVersion" = $2, "Status" = $3, "IncidentCount" = $4, "StateJson" = $5, "Revision" = $6, "UpdatedAt" = $7, "FinishedAt" = $8
        WHERE "Id" = $1 AND "Revision" = $9
        """;

    private const string DeleteBookmark = """DELETE FROM workflow_bookmarks WHERE "Id" = $1""";

    private const string InsertBookmark =
        """
        INSERT INTO workflow_bookmarks ("Id", "InstanceId", "Tenant", "ActivityId", "Stimulus", "CorrelationKey", "DueAt", "AssigneeRole", "AssigneeScope", "PayloadJson", "CreatedAt")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        """;

    private const string InsertJournal =
        """
        INSERT INTO workflow_journal ("InstanceId", "Sequence", "LastSequence", "Actor", "At", "EntriesJson")
        VALUES ($1, $2, $3, $4, $5, $6)
        """;

    /// <summary>Whether this context takes the batched path (PostgreSQL through Npgsql).</summary>
    public static bool Batches(DbContext db) => db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;

    /// <summary>
    /// Writes the burst, then runs the set-based writes its activities asked for, then lets
    /// <paramref name="saveRest"/> save what else the context tracks; all of it commits together (in the caller's
    /// transaction when there is one, otherwise in one of its own).
    /// </summary>
    public static async Task WriteAsync(
        DbContext db, WorkflowInstanceRecord record, long? expectedRevision, BurstResult burst,
        Func<CancellationToken, Task> saveRest, CancellationToken cancellationToken)
    {
        var batched = Batches(db);
        if (!batched)
        {
            Track(db, record, expectedRevision, burst);
            if (burst.Writes.Count == 0)
            {
                await saveRest(cancellationToken);
                return;
            }
        }

        var outer = db.Database.CurrentTransaction;
        var owned = outer is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        // Inside a caller's transaction a failed burst must not leave half of itself behind: roll back to here.
        const string Savepoint = "taskrouting_burst";
        if (outer is not null)
        {
            await outer.CreateSavepointAsync(Savepoint, cancellationToken);
        }

        var autoSavepoints = db.Database.AutoSavepointsEnabled;
        try
        {
            // The burst's own transaction already bounds the context's save: no extra savepoint round trip.
            db.Database.AutoSavepointsEnabled = outer is not null && autoSavepoints;
            if (batched)
            {
                await ExecuteBatchAsync(db, record, expectedRevision, burst, cancellationToken);
            }

            foreach (var write in burst.Writes)
            {
                await write(db, cancellationToken);
            }

            await saveRest(cancellationToken);
            if (owned is not null)
            {
                await owned.CommitAsync(cancellationToken);
            }
        }
        catch when (outer is not null)
        {
            await outer.RollbackToSavepointAsync(Savepoint, CancellationToken.None);
            throw;
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = autoSavepoints;
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    private static async Task ExecuteBatchAsync(
        DbContext db, WorkflowInstanceRecord record, long? expectedRevision, BurstResult burst, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var batch = connection.CreateBatch();
        batch.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        if (expectedRevision is null)
        {
            Add(batch, InsertInstance, record.Id, record.DefinitionId, record.Tenant, record.DefinitionVersion, record.CorrelationId,
                record.Status.ToString(), record.IncidentCount, record.StateJson, record.Revision, record.CreatedAt, record.UpdatedAt, record.FinishedAt);
        }
        else
        {
            Add(batch, UpdateInstance, record.Id, record.DefinitionVersion, record.Status.ToString(), record.IncidentCount, record.StateJson,
                record.Revision, record.UpdatedAt, record.FinishedAt, expectedRevision.Value);
        }

        foreach (var bookmark in burst.RemovedBookmarks)
        {
            Add(batch, DeleteBookmark, bookmark.Id);
        }

        foreach (var row in AddedRows(record, burst))
        {
            Add(batch, InsertBookmark, row.Id, row.InstanceId, row.Tenant, row.ActivityId, row.Stimulus, row.CorrelationKey, row.DueAt,
                row.AssigneeRole, row.AssigneeScope, row.PayloadJson, row.CreatedAt);
        }

        if (JournalRow(record, burst) is { } journal)
        {
            Add(batch, InsertJournal, journal.InstanceId, journal.Sequence, journal.LastSequence, journal.Actor, journal.At, journal.EntriesJson);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException exception)
        {
            throw new DbUpdateException($"写入流程实例 {record.Id} 失败 / Writing workflow instance {record.Id} failed: {exception.Message}", exception);
        }

        // Optimistic concurrency: the instance row moved on since it was read, or a bookmark this burst resumed was
        // already taken by another burst. Either way the whole command is retried from fresh state.
        var stale = batch.BatchCommands[0].RecordsAffected != 1;
        for (var i = 1; !stale && i <= burst.RemovedBookmarks.Count; i++)
        {
            stale = batch.BatchCommands[i].RecordsAffected != 1;
        }

        if (stale)
        {
            throw new DbUpdateConcurrencyException($"流程实例 {record.Id} 已被另一次执行修改 / Workflow instance {record.Id} was changed by another burst");
        }
    }

    private static void Track(DbContext db, WorkflowInstanceRecord record, long? expectedRevision, BurstResult burst)
    {
        if (expectedRevision is null)
        {
            db.Add(record);
        }
        else
        {
            var entry = db.Attach(record);
            entry.State = EntityState.Modified;
            entry.Property(r => r.Revision).OriginalValue = expectedRevision.Value;
        }

        // Delete by key without reading the rows first; a row that is already gone fails the commit as a conflict.
        foreach (var bookmark in burst.RemovedBookmarks)
        {
            db.Remove(new BookmarkRecord { Id = bookmark.Id, InstanceId = record.Id, ActivityId = bookmark.ActivityId, Stimulus = bookmark.Stimulus });
        }

        foreach (var row in AddedRows(record, burst))
        {
            db.Add(row);
        }

        if (JournalRow(record, burst) is { } journal)
        {
            db.Add(journal);
        }
    }

    private static IEnumerable<BookmarkRecord> AddedRows(WorkflowInstanceRecord record, BurstResult burst) =>
        burst.AddedBookmarks.Select(bookmark => new BookmarkRecord
        {
            Id = bookmark.Id,
            InstanceId = record.Id,
            Tenant = record.Tenant,
            ActivityId = bookmark.ActivityId,
            Stimulus = bookmark.Stimulus,
            CorrelationKey = bookmark.CorrelationKey,
            DueAt = bookmark.DueAt,
            AssigneeRole = bookmark.Payload?["assigneeRole"]?.GetValue<string>(),
            AssigneeScope = bookmark.Payload?["assigneeScope"]?.GetValue<string>(),
            PayloadJson = bookmark.Payload?.ToJsonString(),
            CreatedAt = bookmark.CreatedAt,
        });

    private static JournalRecord? JournalRow(WorkflowInstanceRecord record, BurstResult burst) =>
        burst.Journal.Count == 0
            ? null
            : new JournalRecord
            {
                InstanceId = record.Id,
                Sequence = burst.Journal[0].Sequence,
                LastSequence = burst.Journal[^1].Sequence,
                Actor = burst.Journal[0].Actor,
                At = record.UpdatedAt,
                EntriesJson = JournalRecords.Serialize(burst.Journal),
            };

    private static void Add(DbBatch batch, string sql, params object?[] values)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var value in values)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        batch.BatchCommands.Add(command);
    }
}
