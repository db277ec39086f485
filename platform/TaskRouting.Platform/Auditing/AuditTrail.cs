using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Platform.Auditing;

/// <summary>
/// Writes audit entries in the same transaction as the change they describe, and verifies chains.
/// Use <see cref="Record"/> for each change, then <see cref="SaveChangesAsync"/> instead of
/// <c>DbContext.SaveChangesAsync</c>: it seals the pending entries (sequence and hash) under a per-chain
/// lock (a PostgreSQL transaction-scoped advisory lock; SQLite's write transactions are already serial).
/// </summary>
public sealed class AuditTrail(TimeProvider time)
{
    /// <summary>The chain for changes that belong to no district.</summary>
    public const string PlatformChain = "platform";
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Keep Chinese text readable in the stored JSON; it is data, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Adds an entry for a change to the context; it is sealed and saved by <see cref="SaveChangesAsync"/>.</summary>
    public AuditEntry Record(DbContext db, Actor actor, string action, string entityType, string entityId, object? before, object? after, string? district)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var entry = new AuditEntry
        {
            Chain = district ?? PlatformChain,
            At = TruncateToMicroseconds(time.GetUtcNow()),
            ActorId = actor.UserId,
            ActorName = actor.Name,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        };
        db.Add(entry);
        return entry;
    }

    /// <summary>Seals pending audit entries and saves every change of the context in one transaction.</summary>
    public async Task<int> SaveChangesAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var owned = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            await SealPendingAsync(db, cancellationToken);
            var written = await db.SaveChangesAsync(cancellationToken);
            if (owned is not null)
            {
                await owned.CommitAsync(cancellationToken);
            }

            return written;
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    /// <summary>Assigns sequence and hash to pending entries. Must run inside the transaction that saves them.</summary>
    public static async Task SealPendingAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pending = db.ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.Sequence == 0)
            .Select(e => e.Entity)
            .ToList();
        foreach (var chain in pending.GroupBy(e => e.Chain).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            await LockChainAsync(db, chain.Key, cancellationToken);
            var last = await db.Set<AuditEntry>().AsNoTracking()
                .Where(e => e.Chain == chain.Key)
                .OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash })
                .FirstOrDefaultAsync(cancellationToken);
            var sequence = last?.Sequence ?? 0;
            var previous = last?.Hash ?? Genesis;
            foreach (var entry in chain)
            {
                entry.Sequence = ++sequence;
                entry.PreviousHash = previous;
                entry.Hash = ComputeHash(entry);
                previous = entry.Hash;
            }
        }
    }

    private static async Task LockChainAsync(DbContext db, string chain, CancellationToken cancellationToken)
    {
        if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
        {
            // Serialises appends to one chain across every node until the transaction ends.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext({0}))", [$"audit:{chain}"], cancellationToken);
        }
    }

    /// <summary>The hash of an entry: SHA-256 over its fields and the previous hash, hex.</summary>
    public static string ComputeHash(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = string.Join('\n',
            entry.Chain,
            entry.Sequence.ToString(CultureInfo.InvariantCulture),
            entry.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            entry.ActorId?.ToString() ?? "",
            entry.ActorName,
            entry.Action,
            entry.EntityType,
            entry.EntityId,
            entry.Before ?? "\0",
            entry.After ?? "\0",
            entry.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Walks every chain the caller may see and reports the first broken link of each.</summary>
    public static async Task<IReadOnlyList<ChainVerification>> VerifyAsync(DbContext db, IEnumerable<string> chains, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var results = new List<ChainVerification>();
        foreach (var chain in chains)
        {
            results.Add(await VerifyChainAsync(db, chain, cancellationToken));
        }

        return results;
    }

    private static async Task<ChainVerification> VerifyChainAsync(DbContext db, string chain, CancellationToken cancellationToken)
    {
        long expectedSequence = 1;
        var previous = Genesis;
        await foreach (var entry in db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.Chain == chain).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            string? problem = null;
            if (entry.Sequence != expectedSequence)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"expected sequence {expectedSequence}, found {entry.Sequence}: an entry was removed or inserted");
            }
            else if (!string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal))
            {
                problem = "previousHash does not match the hash of the entry before it";
            }
            else if (!string.Equals(ComputeHash(entry), entry.Hash, StringComparison.Ordinal))
            {
                problem = "the entry's content does not match its hash: it was altered";
            }

            if (problem is not null)
            {
                return new ChainVerification(chain, false, expectedSequence - 1, entry.Sequence, problem);
            }

            previous = entry.Hash;
            expectedSequence++;
        }

        return new ChainVerification(chain, true, expectedSequence - 1, null, null);
    }

    /// <summary>PostgreSQL keeps microseconds; truncating first keeps the hash stable across a round trip.</summary>
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }
}

/// <summary>The result of verifying one chain.</summary>
/// <param name="Chain">The chain: a district code or <c>platform</c>.</param>
/// <param name="Valid">True when every entry links and hashes correctly.</param>
/// <param name="EntriesVerified">How many entries verified before the first problem (all of them when valid).</param>
/// <param name="BrokenAtSequence">The sequence of the first entry that fails, when invalid.</param>
/// <param name="Problem">What is wrong with it.</param>
public sealed record ChainVerification(string Chain, bool Valid, long EntriesVerified, long? BrokenAtSequence, string? Problem);
