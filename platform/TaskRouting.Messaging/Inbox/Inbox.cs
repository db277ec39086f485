using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Persistence;

namespace TaskRouting.Messaging.Inbox;

/// <summary>
/// Deduplication by message id: a consumer records the ids it processes in the same transaction as its state
/// change, and skips ids already recorded. Two deliveries of one id racing each other collide on the inbox key; the
/// loser's transaction fails, MassTransit retries it, and the retry finds the id recorded.
/// </summary>
public static class Inbox
{
    /// <summary>
    /// The ids in <paramref name="messageIds"/> that <paramref name="consumer"/> has not processed yet; each is added
    /// to <paramref name="db"/>'s inbox, to commit with the consumer's changes. Inside a transaction the consumer
    /// opened, the rows are written at once, set-based (<see cref="BulkInsert"/>: a batch consumer's hundreds of ids);
    /// otherwise they are tracked and saved with the consumer's <c>SaveChanges</c>.
    /// </summary>
    public static async Task<HashSet<Guid>> ClaimAsync(DbContext db, string consumer, IReadOnlyCollection<Guid> messageIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(messageIds);
        var seen = await db.Set<InboxMessage>().AsNoTracking()
            .Where(m => m.Consumer == consumer && messageIds.Contains(m.MessageId))
            .Select(m => m.MessageId).ToListAsync(cancellationToken);
        var fresh = messageIds.Except(seen).ToHashSet();
        var rows = fresh.Select(id => new InboxMessage { Consumer = consumer, MessageId = id, ProcessedAt = now }).ToList();
        if (db.Database.CurrentTransaction is not null)
        {
            await BulkInsert.InsertAsync(db, rows, cancellationToken);
        }
        else
        {
            db.AddRange(rows);
        }

        return fresh;
    }
}
