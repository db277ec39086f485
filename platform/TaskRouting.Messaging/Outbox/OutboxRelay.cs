using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.Retry;
using TaskRouting.Messaging.Inbox;

namespace TaskRouting.Messaging.Outbox;

/// <summary>
/// Publishes <typeparamref name="TContext"/>'s committed outbox rows through MassTransit, in batches whose publisher
/// confirms are awaited together, and marks them sent in the transaction that claimed them. On PostgreSQL each node
/// claims distinct rows (<c>FOR UPDATE SKIP LOCKED</c>), so any number of nodes relay without sending a row twice
/// in the normal course; after a crash between the broker's confirm and the commit a row is published again with
/// the same message id, and the consumers' inbox drops the copy.
/// </summary>
/// <remarks>
/// Waiting and back-off use real time, not the injected <see cref="TimeProvider"/>: they pace the transport, and a
/// test's frozen clock must not stop messages. The times stored on the rows come from the injected clock.
/// </remarks>
internal sealed partial class OutboxRelay<TContext>(
    IServiceScopeFactory scopes, IBus bus, OutboxSignal signal, TimeProvider time, IOptions<MessagingOptions> options, ILogger<OutboxRelay<TContext>> logger)
    : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromMinutes(10);

    private readonly RelayTransport _transport = new(bus, options.Value, typeof(TContext).Name, logger);

    private string? _claimSql;

    // Each attempt at a batch gets 15 s (its confirms normally take well under a second), three attempts in all.
    private readonly ResiliencePipeline _publish = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(200),
            UseJitter = true,
        })
        .AddTimeout(TimeSpan.FromSeconds(15))
        .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        var nextHousekeeping = DateTimeOffset.MinValue;
        int? concurrency = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                concurrency ??= Concurrency(settings);
                // Drain: each lane keeps publishing while full batches come back.
                await Task.WhenAll(Enumerable.Range(0, concurrency.Value).Select(async _ =>
                {
                    while (await RelayBatchAsync(settings.OutboxBatchSize, stoppingToken) == settings.OutboxBatchSize)
                    {
                    }
                }));

                failures = 0;
                if (time.GetUtcNow() >= nextHousekeeping)
                {
                    await HousekeepAsync(settings.InboxRetention, stoppingToken);
                    nextHousekeeping = time.GetUtcNow() + HousekeepingInterval;
                }

                await signal.WaitAsync(typeof(TContext), settings.OutboxPollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Broker or database away: the rows stay unsent; back off up to 30 s and try again.
                failures++;
                LogRelayFailed(logger, typeof(TContext).Name, failures, ex);

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7)))), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Parallel lanes need row locks that skip each other: PostgreSQL's. SQLite's single writer gets one lane.</summary>
    private int Concurrency(MessagingOptions settings)
    {
        using var scope = scopes.CreateScope();
        return IsPostgres(scope.ServiceProvider.GetRequiredService<TContext>()) ? settings.RelayConcurrency : 1;
    }

    private static bool IsPostgres(DbContext db) => db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>Claims, publishes and marks one batch; returns how many rows it sent.</summary>
    internal async Task<int> RelayBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var postgres = IsPostgres(db);
        var now = time.GetUtcNow();
        var rows = postgres ? await ClaimAndMarkAsync(db, batchSize, now, cancellationToken) : await ClaimAsync(db, batchSize, cancellationToken);
        if (rows.Count == 0)
        {
            // Rolled back, not committed: a commit of this context wakes the relay (OutboxCommitInterceptor), so
            // committing an empty claim would wake it again at once and keep an idle node spinning.
            await transaction.RollbackAsync(cancellationToken);
            return 0;
        }

        try
        {
            await _publish.ExecuteAsync(async ct =>
            {
                var endpoint = await _transport.AcquireAsync(ct);
                try
                {
                    // Off this thread and abandoned on timeout: a publish caught in a broker restart may block or
                    // ignore its token (Polly's timeout only cancels). The connection it failed on is dropped and the
                    // retry opens a new one; a late confirm of an abandoned publish is a duplicate the inbox drops.
                    await Task.Run(() => Task.WhenAll(rows.Select(row => PublishAsync(endpoint, row, ct))), ct).WaitAsync(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    _transport.Discard(endpoint);
                    throw;
                }
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The claim's marks go with the rollback: the rows wait again.
            await transaction.RollbackAsync(CancellationToken.None);
            await RecordFailureAsync(rows.Select(r => r.Id).ToList(), ex, cancellationToken);
            throw;
        }

        if (!postgres)
        {
            var ids = rows.Select(r => r.Id).ToList();
            await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, now), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    /// <summary>
    /// PostgreSQL: one round trip claims the oldest waiting rows other nodes have not locked (<c>SKIP LOCKED</c>) and
    /// marks them sent, in the relay's open transaction; the marks count only if that transaction commits, which it
    /// does after the broker has confirmed every publish (otherwise it rolls back and the rows wait again). Only the
    /// columns the publish needs come back, read without Entity Framework's materializer.
    /// </summary>
    private async Task<List<Pending>> ClaimAndMarkAsync(TContext db, int batchSize, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(_claimSql ??= ClaimSql(db), connection, (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction());
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", batchSize));
        var rows = new List<Pending>(batchSize);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new Pending(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        // RETURNING gives no order; publish in insertion order.
        rows.Sort((a, b) => a.Id.CompareTo(b.Id));
        return rows;
    }

    /// <summary>
    /// The claim. The commit only marks rows sent: should PostgreSQL lose it in a crash, the rows are published again
    /// with the same message ids and the consumers' inboxes drop them, so it need not wait for the WAL flush. The table
    /// name comes from our own model, never from input.
    /// </summary>
    private static string ClaimSql(TContext db)
    {
        var table = "\"" + db.Model.FindEntityType(typeof(OutboxMessage))!.GetTableName() + "\"";
        // The claim is a MATERIALIZED CTE, evaluated once: as an IN (subquery) PostgreSQL may re-run the LIMIT … SKIP
        // LOCKED subquery under some plans and mark more rows than the batch holds.
        return $"""
            SET LOCAL synchronous_commit = off;
            WITH claimed AS MATERIALIZED (SELECT "Id" FROM {table} WHERE "SentAt" IS NULL ORDER BY "Id" LIMIT @limit FOR UPDATE SKIP LOCKED)
            UPDATE {table} AS o SET "SentAt" = @now FROM claimed WHERE o."Id" = claimed."Id"
            RETURNING o."Id", o."MessageId", o."MessageType", o."Body"
            """;
    }

    /// <summary>SQLite: one writer per database (the embedded default runs one node); marked after the publish.</summary>
    private static Task<List<Pending>> ClaimAsync(TContext db, int batchSize, CancellationToken cancellationToken) =>
        db.Set<OutboxMessage>().AsNoTracking().Where(m => m.SentAt == null).OrderBy(m => m.Id).Take(batchSize)
            .Select(m => new Pending(m.Id, m.MessageId, m.MessageType, m.Body)).ToListAsync(cancellationToken);

    private static Task PublishAsync(IPublishEndpoint endpoint, Pending row, CancellationToken cancellationToken)
    {
        var message = MessageTypes.Deserialize(row.MessageType, row.Body);
        return endpoint.Publish(message, message.GetType(), Pipe.Execute<PublishContext>(c => c.MessageId = row.MessageId), cancellationToken);
    }

    /// <summary>What the relay reads of a waiting row.</summary>
    private sealed record Pending(long Id, Guid MessageId, string MessageType, string Body);

    private async Task RecordFailureAsync(List<long> ids, Exception error, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var text = $"{error.GetType().Name}: {error.Message}";
            await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastError, text[..Math.Min(text.Length, 2000)]), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database may be what failed; the rows stay unsent either way.
            LogRelayFailed(logger, typeof(TContext).Name, 0, ex);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _transport.DisposeAsync();
    }

    private async Task HousekeepAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var cutoff = time.GetUtcNow() - retention;
        await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.Set<InboxMessage>().Where(m => m.ProcessedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay for {Context} failed (attempt {Failures}); the messages stay in the outbox")]
    private static partial void LogRelayFailed(ILogger logger, string context, int failures, Exception error);
}
