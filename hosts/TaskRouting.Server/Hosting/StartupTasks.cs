using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using RabbitMQ.Client;
using TaskRouting.Platform.Identity;
using TaskRouting.Server.Data;

namespace TaskRouting.Server.Hosting;

/// <summary>A start-up failure with a message that tells the operator what to fix.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Runs before the job server and the bus start: reaches the database and the broker (bounded Polly retry),
/// migrates the schema, refuses demo accounts in production, seeds the embedded default.
/// </summary>
internal sealed partial class StartupTasks(
    IServiceProvider services,
    IConfiguration configuration,
    IOptions<ServerOptions> options,
    ServerPaths paths,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Storage.Provider == StorageProvider.Sqlite)
        {
            Directory.CreateDirectory(paths.DataDirectory);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TaskRoutingDbContext>();
            await WithRetryAsync("数据库", "database", "TaskRouting:Storage:ConnectionString",
                async ct =>
                {
                    if (!await db.Database.CanConnectAsync(ct) && settings.Storage.Provider == StorageProvider.PostgreSql)
                    {
                        // CanConnect is false for a missing database as well as an unreachable server; open to get the reason.
                        await db.Database.OpenConnectionAsync(ct);
                        await db.Database.CloseConnectionAsync();
                    }
                },
                settings, cancellationToken);

            await MigrateOrCheckAsync(db, settings.Storage.ApplyMigrationsAtStartup, cancellationToken);
            if (ServerHostingExtensions.InProcessGateway(configuration))
            {
                await MigrateOrCheckAsync(scope.ServiceProvider.GetRequiredService<Streets.Data.StreetsDbContext>(), settings.Storage.ApplyMigrationsAtStartup, cancellationToken);
            }

            if (settings.Mode == RunMode.Production)
            {
                await scope.ServiceProvider.GetRequiredService<ProductionBootstrap>().RunAsync(cancellationToken);
            }
            else
            {
                await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
            }

            await scope.ServiceProvider.GetRequiredService<Workflows.ShippedWorkflowSeeding>().SeedAllDistrictsAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<Activities.ReferenceData.CalendarStore>().SeedShippedAsync(
                db, scope.ServiceProvider.GetRequiredService<Platform.Auditing.AuditTrail>(), scope.ServiceProvider.GetRequiredService<TimeProvider>(), cancellationToken);
            Workflows.AdmissionJobs.Register(scope.ServiceProvider.GetRequiredService<Hangfire.IRecurringJobManager>(),
                scope.ServiceProvider.GetRequiredService<IOptions<Activities.AdmissionOptions>>().Value);

            Workflows.TimerSweepJob.Register(
                scope.ServiceProvider.GetRequiredService<Hangfire.IRecurringJobManager>(),
                scope.ServiceProvider.GetRequiredService<IOptions<Workflows.WorkflowSettings>>().Value);
        }

        if (settings.Messaging.Transport == MessageTransport.RabbitMq)
        {
            await WithRetryAsync("消息代理", "message broker", "TaskRouting:Messaging:RabbitMqUri",
                async ct =>
                {
                    var factory = new ConnectionFactory { Uri = new Uri(settings.Messaging.RabbitMqUri!), RequestedConnectionTimeout = TimeSpan.FromSeconds(5) };
                    await using var connection = await factory.CreateConnectionAsync("taskrouting-startup-probe", ct);
                },
                settings, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Applies migrations, or with migrations at start turned off, refuses to run on an old schema.</summary>
    public static async Task MigrateOrCheckAsync(DbContext db, bool applyMigrations, CancellationToken cancellationToken)
    {
        if (applyMigrations)
        {
            // EF Core takes a database lock while migrating, so replicas starting together migrate once.
            await db.Database.MigrateAsync(cancellationToken);
        }
        else
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                throw new StartupException(
                    $"数据库结构不是最新的 / The database schema is behind by {pending.Count} migrations ({string.Join(", ", pending)}). " +
                    "Run `TaskRouting.Server migrate`, or set TaskRouting:Storage:ApplyMigrationsAtStartup=true.");
            }
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers run while one writer commits.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    private async Task WithRetryAsync(string whatZh, string what, string setting, Func<CancellationToken, Task> probe, ServerOptions settings, CancellationToken cancellationToken)
    {
        var attempts = settings.Startup.ConnectAttempts;
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, attempts - 1),
                Delay = settings.Startup.ConnectDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException && attempts > 1),
                OnRetry = args =>
                {
                    LogRetry(logger, what, args.AttemptNumber + 1, attempts, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        try
        {
            await pipeline.ExecuteAsync(async ct => await probe(ct), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not StartupException)
        {
            throw new StartupException(
                $"无法连接{whatZh} / Cannot reach the {what} after {attempts} attempts; check {setting}. {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach the {What} yet (attempt {Attempt} of {Attempts}): {Reason}")]
    private static partial void LogRetry(ILogger logger, string what, int attempt, int attempts, string? reason);
}

/// <summary>Production's start-up rules: no demo accounts, and a first admin from the bootstrap settings.</summary>
internal sealed partial class ProductionBootstrap(
    TaskRoutingDbContext db,
    IOptions<ServerOptions> options,
    TimeProvider time,
    Platform.Auditing.AuditTrail audit,
    ILogger<ProductionBootstrap> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var demo = await db.Set<UserAccount>().CountAsync(u => u.IsDemo, cancellationToken);
        if (demo > 0)
        {
            throw new StartupException(
                $"生产模式拒绝演示账户 / Production mode refuses to start: the database holds {demo} demo accounts with published credentials. " +
                "Use a fresh database for production (the embedded default's demo data must never reach it).");
        }

        var bootstrap = options.Value.Bootstrap;
        var hasAdmin = (await db.Set<UserAccount>().Where(u => u.DistrictCode == null).ToListAsync(cancellationToken))
            .Any(u => u.Roles.Contains(Role.Admin));
        if (hasAdmin)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(bootstrap.AdminUserName) || string.IsNullOrEmpty(bootstrap.AdminPassword))
        {
            LogNoAdmin(logger);
            return;
        }

        var admin = new UserAccount
        {
            Id = Guid.NewGuid(),
            UserName = bootstrap.AdminUserName.Trim(),
            DisplayName = "平台管理员 / Platform admin",
            PasswordHash = PasswordHashing.Hash(bootstrap.AdminPassword),
            Roles = [Role.Admin],
            CreatedAt = time.GetUtcNow(),
        };
        db.Add(admin);
        audit.Record(db, Actor.System, "user.created", "user", admin.Id.ToString(), null,
            new { admin.UserName, roles = admin.Roles, bootstrap = true }, null);
        await audit.SaveChangesAsync(db, cancellationToken);
        LogAdminCreated(logger, admin.UserName);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No platform admin exists; set TaskRouting:Bootstrap:AdminUserName and AdminPassword to create one")]
    private static partial void LogNoAdmin(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the platform admin {UserName} from the bootstrap settings")]
    private static partial void LogAdminCreated(ILogger logger, string userName);
}
