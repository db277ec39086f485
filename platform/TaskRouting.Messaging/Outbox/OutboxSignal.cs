using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Collections.Concurrent;
using System.Data.Common;

namespace TaskRouting.Messaging.Outbox;

/// <summary>
/// Wakes this node's relay of a context when a transaction of that context that may have written outbox rows
/// commits (each context's relay has its own signal, so one side's commits never use up the other's wake-up); other
/// nodes' rows are found by polling.
/// </summary>
public sealed class OutboxSignal
{
    private readonly ConcurrentDictionary<Type, SemaphoreSlim> _signals = new();

    /// <summary>Wakes the relays of <paramref name="contextType"/> and its base types (idempotent while they are awake).</summary>
    public void Notify(Type contextType)
    {
        ArgumentNullException.ThrowIfNull(contextType);
        foreach (var (type, signal) in _signals)
        {
            if (type.IsAssignableFrom(contextType))
            {
                try
                {
                    signal.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Already signalled: the relay will look anyway.
                }
            }
        }
    }

    /// <summary>Waits for a commit of <paramref name="contextType"/>, or the poll interval.</summary>
    public Task WaitAsync(Type contextType, TimeSpan pollInterval, CancellationToken cancellationToken) =>
        _signals.GetOrAdd(contextType, _ => new SemaphoreSlim(0, 1)).WaitAsync(pollInterval, cancellationToken);
}

/// <summary>Signals the relay after a save or a transaction that may have written outbox rows.</summary>
internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavedChanges(eventData, result));

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null && WroteOutbox(context))
        {
            signal.Notify(context.GetType());
        }

        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            signal.Notify(context.GetType());
        }
    }

    // After SaveChanges the added rows are Unchanged; any tracked outbox row means this context wrote some recently.
    private static bool WroteOutbox(DbContext context) => context.ChangeTracker.Entries<OutboxMessage>().Any();
}
