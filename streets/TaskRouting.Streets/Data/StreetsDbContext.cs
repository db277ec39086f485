using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TaskRouting.Messaging;
using TaskRouting.Platform.Persistence;

namespace TaskRouting.Streets.Data;

/// <summary>
/// The street gateway's store: its <c>gw_*</c> tables (ballots, received tasks, the plan-list copy, notices,
/// violation reports, and its own outbox, inbox and dead letters) with their own migrations history. It lives in the
/// central database by default (the prefix keeps the two apart) and reads the platform's tables there, without
/// migrating them, to authenticate its users and append to the audit trail in the same transaction as its changes.
/// </summary>
public abstract class StreetsDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The gateway's migrations history table, apart from the central one.</summary>
    public const string MigrationsHistoryTable = "__streets_migrations";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // The platform's tables belong to the central migrations; the gateway only maps them.
        modelBuilder.ApplyPlatformModel();
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            entity.SetIsTableExcludedFromMigrations(true);
        }

        modelBuilder.ApplyMessagingModel("gw_");
        modelBuilder.Entity<Ballot>(e =>
        {
            e.ToTable("gw_ballots");
            e.HasKey(x => x.VoteRequestId);
            Codes(e.Property(x => x.District), e.Property(x => x.Street), e.Property(x => x.VoterCode), e.Property(x => x.Department));
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.Choice).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Comment).HasMaxLength(2000);
            e.Property(x => x.CastBy).HasMaxLength(100);
            e.Property(x => x.Result).HasMaxLength(200);
            e.HasIndex(x => new { x.District, x.VoterCode, x.ApplicationId });
        });
        modelBuilder.Entity<ReceivedTask>(e =>
        {
            e.ToTable("gw_tasks");
            e.HasKey(x => x.DispatchId);
            Codes(e.Property(x => x.District), e.Property(x => x.Street), e.Property(x => x.Community), e.Property(x => x.Department), e.Property(x => x.AdmissionNumber));
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.RefusalReason).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Report).HasMaxLength(2000);
            e.Property(x => x.UpdatedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.District, x.Community, x.Status });
            e.HasIndex(x => new { x.District, x.Street });
        });
        modelBuilder.Entity<PlanListCopy>(e =>
        {
            e.ToTable("gw_plan_list");
            e.HasKey(x => x.AdmissionNumber);
            Codes(e.Property(x => x.AdmissionNumber), e.Property(x => x.District), e.Property(x => x.Department));
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        });
        modelBuilder.Entity<StreetNotice>(e =>
        {
            e.ToTable("gw_notices");
            e.HasKey(x => x.Id);
            Codes(e.Property(x => x.Kind), e.Property(x => x.District), e.Property(x => x.Street), e.Property(x => x.TargetCode), e.Property(x => x.AdmissionNumber));
            e.Property(x => x.TextZh).HasMaxLength(2000);
            e.Property(x => x.TextEn).HasMaxLength(2000);
            e.HasIndex(x => new { x.District, x.TargetCode, x.IssuedAt });
        });
        modelBuilder.Entity<ViolationReport>(e =>
        {
            e.ToTable("gw_violations");
            e.HasKey(x => x.ReportId);
            Codes(e.Property(x => x.District), e.Property(x => x.Street), e.Property(x => x.Community), e.Property(x => x.ReportedUnit), e.Property(x => x.AdmissionNumber));
            e.Property(x => x.What).HasMaxLength(4000);
            e.Property(x => x.Evidence).HasMaxLength(8000);
            e.Property(x => x.ReportedBy).HasMaxLength(100);
            e.OwnsMany(x => x.Attachments, a => a.ToJson());
            e.HasIndex(x => new { x.District, x.Street, x.ReportedAt });
        });
    }

    private static void Codes(params Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder[] properties)
    {
        foreach (var property in properties)
        {
            property.HasMaxLength(32);
        }
    }
}

/// <summary>The gateway's store on SQLite (the embedded default).</summary>
public sealed class SqliteStreetsDbContext(DbContextOptions<SqliteStreetsDbContext> options) : StreetsDbContext(options)
{
    /// <summary>Times as UTC ticks, exactly as the central context stores them (the two share the platform's tables).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => UtcTicksConverter.Apply(configurationBuilder);
}

/// <summary>The gateway's store on PostgreSQL.</summary>
public sealed class PostgresStreetsDbContext(DbContextOptions<PostgresStreetsDbContext> options) : StreetsDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteStreetsDbContext</c> build the model.</summary>
internal sealed class SqliteStreetsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteStreetsDbContext>
{
    public SqliteStreetsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteStreetsDbContext>().UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable(StreetsDbContext.MigrationsHistoryTable)).Options);
}

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresStreetsDbContext</c> build the model (no server needed).</summary>
internal sealed class PostgresStreetsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresStreetsDbContext>
{
    public PostgresStreetsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresStreetsDbContext>().UseNpgsql("Host=localhost;Database=design", o => o.MigrationsHistoryTable(StreetsDbContext.MigrationsHistoryTable)).Options);
}
