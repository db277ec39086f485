using MassTransit;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Persistence;

namespace TaskRouting.Messaging.Outbox;

/// <summary>
/// Writes messages into the outbox of the context that holds the state change, so both commit in one transaction.
/// Nothing is sent until the relay publishes the committed rows.
/// </summary>
public static class Outbox
{
    /// <summary>Adds <paramref name="message"/> to <paramref name="db"/>'s outbox; it leaves after <c>SaveChanges</c> commits.</summary>
    /// <typeparam name="T">The contract type.</typeparam>
    /// <param name="db">The context whose transaction carries the state change.</param>
    /// <param name="message">The message.</param>
    /// <param name="now">The time of the change.</param>
    /// <returns>The message id consumers will deduplicate by.</returns>
    public static Guid Add<T>(DbContext db, T message, DateTimeOffset now)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        var type = typeof(T);
        if (MessageTypes.Find(type.FullName) is null)
        {
            throw new ArgumentException($"{type.FullName} is not a TaskRouting message contract", nameof(message));
        }

        var id = NewId.NextGuid();
        db.Add(Row(message, type, id, now));
        return id;
    }

    /// <summary>
    /// Writes many messages of one contract into <paramref name="db"/>'s outbox set-based (binary COPY on PostgreSQL,
    /// see <see cref="BulkInsert"/>), inside the transaction the caller has open with the state change; on SQLite they
    /// are tracked and saved with it. They leave when that transaction commits.
    /// </summary>
    /// <returns>How many messages were written.</returns>
    public static async Task<int> InsertAsync<T>(DbContext db, IEnumerable<T> messages, DateTimeOffset now, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(messages);
        var type = typeof(T);
        if (MessageTypes.Find(type.FullName) is null)
        {
            throw new ArgumentException($"{type.FullName} is not a TaskRouting message contract", nameof(messages));
        }

        var rows = messages.Select(m => Row(m, type, NewId.NextGuid(), now)).ToList();
        await BulkInsert.InsertAsync(db, rows, cancellationToken);
        return rows.Count;
    }

    private static OutboxMessage Row(object message, Type type, Guid id, DateTimeOffset now) =>
        new() { MessageId = id, MessageType = type.FullName!, Body = MessageTypes.Serialize(message, type), CreatedAt = now };
}
