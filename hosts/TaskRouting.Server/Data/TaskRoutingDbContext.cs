using TaskRouting.Platform.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TaskRouting.Activities;
using TaskRouting.Messaging;
using TaskRouting.Platform.Persistence;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.Data;

/// <summary>
/// The server's database: the platform's tables (organisation, users, audit), the workflow runtime's and, as it
/// arrives, the admission domain's, so one transaction can commit them together.
/// One subclass per provider carries that provider's migrations.
/// </summary>
public abstract class TaskRoutingDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core data-protection keys, shared by every replica so each can read the others' login cookies.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyPlatformModel();
        modelBuilder.ApplyWebhookModel();
        modelBuilder.ApplyWorkflowModel();
        modelBuilder.ApplyAdmissionModel();
        modelBuilder.ApplyMessagingModel("msg_");
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}

/// <summary>The embedded default's SQLite database.</summary>
public sealed class SqliteTaskRoutingDbContext(DbContextOptions<SqliteTaskRoutingDbContext> options) : TaskRoutingDbContext(options)
{
    /// <summary>SQLite has no date type: times are stored as UTC ticks so they compare, order and round-trip exactly.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => UtcTicksConverter.Apply(configurationBuilder);
}

/// <summary>Production's PostgreSQL database.</summary>
public sealed class PostgresTaskRoutingDbContext(DbContextOptions<PostgresTaskRoutingDbContext> options) : TaskRoutingDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteTaskRoutingDbContext</c> build the model.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTaskRoutingDbContext>
{
    public SqliteTaskRoutingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTaskRoutingDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresTaskRoutingDbContext</c> build the model (no server needed).</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTaskRoutingDbContext>
{
    public PostgresTaskRoutingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTaskRoutingDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
