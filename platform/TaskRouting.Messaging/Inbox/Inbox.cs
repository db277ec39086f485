using Microsoft.EntityFrameworkCore;

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
    /// to <paramref name="db"/>'s inbox, to commit with the consumer's changes.
    /// </summary>
    public static async Task<HashSet<Guid>> ClaimAsync(DbContext db, string consumer, IReadOnlyCollection<Guid> messageIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(messageIds);
        var seen = await db.Set<InboxMessage>().AsNoTracking()
            .Where(m => m.Consumer == consumer && messageIds.Contains(m.MessageId))
            .Select(m => m.MessageId).ToListAsync(cancellationToken);
        var fresh = messageIds.Except(seen).ToHashSet();
        foreach (var id in fresh)
        {
            db.Add(new InboxMessage { Consumer = consumer, MessageId = id, ProcessedAt = now });
        }

        return fresh;
    }
}
