using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Platform.Tests.Auditing;

public sealed class AuditTrailTests : IDisposable
{
    private readonly PlatformTestDb _db = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 4, 9, 0, 0, TimeSpan.FromHours(8)));
    private readonly AuditTrail _audit;

    public AuditTrailTests() => _audit = new AuditTrail(_time);

    public void Dispose() => _db.Dispose();

    private async Task AppendAsync(string chain, int count)
    {
        await using var db = _db.NewContext();
        for (var i = 0; i < count; i++)
        {
            _audit.Record(db, Actor.System, "thing.changed", "thing", $"t{i}", new { value = i }, new { value = i + 1 }, chain);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await _audit.SaveChangesAsync(db, CancellationToken.None);
    }

    [Fact]
    public async Task SaveChangesAsync_SeveralSaves_ChainsSequencesAndHashes()
    {
        await AppendAsync("D1", 3);
        await AppendAsync("D1", 2);

        await using var db = _db.NewContext();
        var entries = await db.Set<AuditEntry>().OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.Sequence));
        Assert.Equal(AuditTrail.Genesis, entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
        }

        var result = Assert.Single(await AuditTrail.VerifyAsync(db, ["D1"], CancellationToken.None));
        Assert.True(result.Valid);
        Assert.Equal(5, result.EntriesVerified);
    }

    [Fact]
    public async Task SaveChangesAsync_TwoDistricts_KeepsSeparateChains()
    {
        await AppendAsync("D1", 2);
        await AppendAsync("D2", 3);
        await using var db = _db.NewContext();
        var results = await AuditTrail.VerifyAsync(db, ["D1", "D2"], CancellationToken.None);
        Assert.All(results, r => Assert.True(r.Valid));
        Assert.Equal([2L, 3], results.Select(r => r.EntriesVerified));
    }

    [Fact]
    public async Task VerifyAsync_AlteredAfterValue_ReportsTheEntry()
    {
        await AppendAsync("D1", 4);
        await using var db = _db.NewContext();
        await db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET After = '{{\"value\":999}}' WHERE Sequence = 3");

        var result = Assert.Single(await AuditTrail.VerifyAsync(db, ["D1"], CancellationToken.None));
        Assert.False(result.Valid);
        Assert.Equal(3, result.BrokenAtSequence);
        Assert.Equal(2, result.EntriesVerified);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_DeletedEntry_ReportsTheGap()
    {
        await AppendAsync("D1", 4);
        await using var db = _db.NewContext();
        await db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE Sequence = 2");

        var result = Assert.Single(await AuditTrail.VerifyAsync(db, ["D1"], CancellationToken.None));
        Assert.False(result.Valid);
        Assert.Equal(3, result.BrokenAtSequence);
        Assert.Contains("removed", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_RehashedEntry_BreaksTheNextLink()
    {
        // An attacker who edits an entry and recomputes its hash still breaks the link to the next entry.
        await AppendAsync("D1", 3);
        await using (var db = _db.NewContext())
        {
            var entry = await db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Sequence == 2);
            var forged = new AuditEntry
            {
                Chain = entry.Chain, Sequence = entry.Sequence, At = entry.At, ActorId = entry.ActorId, ActorName = "mallory",
                Action = entry.Action, EntityType = entry.EntityType, EntityId = entry.EntityId, Before = entry.Before, After = entry.After,
                PreviousHash = entry.PreviousHash,
            };
            var hash = AuditTrail.ComputeHash(forged);
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE audit_entries SET ActorName = 'mallory', Hash = {hash} WHERE Sequence = 2");
        }

        await using var check = _db.NewContext();
        var result = Assert.Single(await AuditTrail.VerifyAsync(check, ["D1"], CancellationToken.None));
        Assert.False(result.Valid);
        Assert.Equal(3, result.BrokenAtSequence);
    }

    [Fact]
    public async Task Record_TimestampFromInjectedClock_IsStoredInUtc()
    {
        await AppendAsync("D1", 1);
        await using var db = _db.NewContext();
        var entry = await db.Set<AuditEntry>().SingleAsync();
        Assert.Equal(new DateTimeOffset(2026, 1, 4, 1, 0, 0, TimeSpan.Zero), entry.At);
    }
}
