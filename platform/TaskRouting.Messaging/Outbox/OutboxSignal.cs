using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;

namespace TaskRouting.Messaging.Outbox;

/// <summary>Wakes this node's relays when a transaction that wrote outbox rows commits; other nodes' rows are found by polling.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Wakes the relay (idempotent while it is awake).</summary>
    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the relay will look anyway.
        }
    }

    /// <summary>Waits for a signal or the poll interval.</summary>
    public Task WaitAsync(TimeSpan pollInterval, CancellationToken cancellationToken) => _signal.WaitAsync(pollInterval, cancellationToken);
}

/// <summary>Signals the relay after a save or a transaction that may have written outbox rows.</summary>
internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavedChanges(eventData, result));

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null && WroteOutbox(eventData.Context))
        {
            signal.Notify();
        }

        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();

    // After SaveChanges the added rows are Unchanged; any tracked outbox row means this context wrote some recently.
    private static bool WroteOutbox(DbContext? context) => context?.ChangeTracker.Entries<OutboxMessage>().Any() == true;
}
