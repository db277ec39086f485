using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Persistence;

namespace TaskRouting.Platform.Tests;

/// <summary>A private in-memory SQLite database with the platform's model, alive as long as the object.</summary>
internal sealed class PlatformTestDb : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public PlatformTestDb()
    {
        _connection.Open();
        using var db = NewContext();
        db.Database.EnsureCreated();
    }

    public DbContext NewContext() => new PlatformContext(new DbContextOptionsBuilder<PlatformContext>().UseSqlite(_connection).Options);

    public void Dispose() => _connection.Dispose();

    private sealed class PlatformContext(DbContextOptions<PlatformContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyPlatformModel();
    }
}
