using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Platform.Persistence;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Workflows.Runtime.Tests.Persistence;

/// <summary>A domain row written by a caller in the same transaction as a burst.</summary>
internal sealed class DomainNote
{
    public required string Id { get; init; }
    public required string Text { get; init; }
}

internal sealed class RuntimeTestContext(DbContextOptions<RuntimeTestContext> options) : DbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => UtcTicksConverter.Apply(configurationBuilder);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyWorkflowModel();
        modelBuilder.Entity<DomainNote>().ToTable("notes").HasKey(n => n.Id);
    }
}

/// <summary>A SQLite file database with the runtime's tables, and the runtime wired to it.</summary>
internal sealed class RuntimeTestDb : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"tr-runtime-{Guid.NewGuid():N}.db");

    public RuntimeTestDb(Action<IServiceCollection>? configure = null)
    {
        Runtime = new TestRuntime(services =>
        {
            configure?.Invoke(services);
            services.AddDbContext<RuntimeTestContext>(o => o.UseSqlite($"Data Source={_file};Default Timeout=30;Pooling=False"));
            services.AddScoped<DbContext>(sp => sp.GetRequiredService<RuntimeTestContext>());
        });
        using var scope = Runtime.CreateScope();
        scope.ServiceProvider.GetRequiredService<RuntimeTestContext>().Database.EnsureCreated();
    }

    public TestRuntime Runtime { get; }

    /// <summary>Runs a piece of work in its own scope (its own DbContext), as one request or job would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = Runtime.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public void Dispose()
    {
        Runtime.Dispose();
        File.Delete(_file);
    }
}
