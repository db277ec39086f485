using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace TaskRouting.Messaging.DeadLetters;

/// <summary>What operators see of a dead letter.</summary>
public sealed record DeadLetterView(Guid Id, Guid? MessageId, string? MessageType, string Queue, string Error, DateTimeOffset FailedAt, DateTimeOffset? ReplayedAt, string? ReplayedBy, string Body);

/// <summary>Lists dead letters and replays them to the queue they failed on (same message id, so the inbox still deduplicates).</summary>
public sealed class DeadLetters<TContext>(TContext db, ISendEndpointProvider send, TimeProvider time)
    where TContext : DbContext
{
    /// <summary>The newest dead letters, waiting ones first.</summary>
    public Task<List<DeadLetterView>> ListAsync(bool includeReplayed, int take, CancellationToken cancellationToken) =>
        db.Set<DeadLetter>().AsNoTracking()
            .Where(d => includeReplayed || d.ReplayedAt == null)
            .OrderBy(d => d.ReplayedAt != null).ThenByDescending(d => d.FailedAt).Take(Math.Clamp(take, 1, 1000))
            .Select(d => new DeadLetterView(d.Id, d.MessageId, d.MessageType, d.Queue, d.Error, d.FailedAt, d.ReplayedAt, d.ReplayedBy, d.Body))
            .ToListAsync(cancellationToken);

    /// <summary>How many dead letters wait, per queue.</summary>
    public async Task<Dictionary<string, int>> CountsAsync(CancellationToken cancellationToken) =>
        await db.Set<DeadLetter>().AsNoTracking().Where(d => d.ReplayedAt == null).GroupBy(d => d.Queue)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    /// <summary>
    /// Sends the message back to its queue and marks the dead letter replayed; the caller saves (with its audit entry).
    /// <see langword="null"/> when there is no such dead letter. Should the save fail after the send, a second replay
    /// carries the same message id and the consumer's inbox drops it.
    /// </summary>
    /// <exception cref="InvalidOperationException">It was replayed already, or its type is not a contract.</exception>
    public async Task<DeadLetterView?> ReplayAsync(Guid id, string replayedBy, CancellationToken cancellationToken)
    {
        var letter = await db.Set<DeadLetter>().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (letter is null)
        {
            return null;
        }

        if (letter.ReplayedAt is not null)
        {
            throw new InvalidOperationException($"已于 {letter.ReplayedAt:yyyy-MM-dd HH:mm} 重放 / Replayed already at {letter.ReplayedAt:yyyy-MM-dd HH:mm}");
        }

        var message = MessageTypes.Deserialize(letter.MessageType, letter.Body);
        // The queue's own exchange (bound to it), not "queue:": that would declare the queue again with default
        // arguments, which RabbitMQ refuses for a quorum queue.
        var endpoint = await send.GetSendEndpoint(new Uri($"exchange:{letter.Queue}"));
        await endpoint.Send(message, message.GetType(), Pipe.Execute<SendContext>(c =>
        {
            if (letter.MessageId is { } messageId)
            {
                c.MessageId = messageId;
            }
        }), cancellationToken);
        letter.ReplayedAt = time.GetUtcNow();
        letter.ReplayedBy = replayedBy;
        return new DeadLetterView(letter.Id, letter.MessageId, letter.MessageType, letter.Queue, letter.Error, letter.FailedAt, letter.ReplayedAt, letter.ReplayedBy, letter.Body);
    }
}
