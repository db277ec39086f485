using Microsoft.Extensions.Options;
using TaskRouting.Server.Data;

namespace TaskRouting.Server.Hosting;

/// <summary>Builds and runs the server; turns start-up failures into one clear line and exit code 2.</summary>
public static class ServerHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplicationBuilder? builder = null;
        try
        {
            builder = WebApplication.CreateBuilder(args);
            builder.AddTaskRoutingServer();
            var app = builder.Build();

            if (args.Contains("migrate", StringComparer.OrdinalIgnoreCase))
            {
                return await MigrateAsync(app);
            }

            app.MapTaskRoutingServer();
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (IsStartupFailure(ex) && ExitOnFailure(builder))
        {
            await Console.Error.WriteLineAsync($"TaskRouting 无法启动 / cannot start: {ex.Message}");
            return 2;
        }
    }

    private static bool IsStartupFailure(Exception ex) =>
        ex is StartupException or OptionsValidationException or InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" };

    /// <summary>
    /// A process prints the failure and exits with code 2. A host that embeds the server (the integration tests'
    /// WebApplicationFactory) sets <c>TaskRouting:Startup:ExitOnFailure=false</c> to receive the exception itself.
    /// </summary>
    private static bool ExitOnFailure(WebApplicationBuilder? builder) =>
        !string.Equals(builder?.Configuration["TaskRouting:Startup:ExitOnFailure"], "false", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>TaskRouting.Server migrate</c>: applies the schema and exits, for deployments that migrate as a separate step.</summary>
    private static async Task<int> MigrateAsync(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (settings.Storage.Provider == StorageProvider.Sqlite)
        {
            Directory.CreateDirectory(app.Services.GetRequiredService<ServerPaths>().DataDirectory);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaskRoutingDbContext>();
        await StartupTasks.MigrateOrCheckAsync(db, applyMigrations: true, CancellationToken.None);
        if (ServerHostingExtensions.InProcessGateway(app.Configuration))
        {
            await StartupTasks.MigrateOrCheckAsync(scope.ServiceProvider.GetRequiredService<Streets.Data.StreetsDbContext>(), applyMigrations: true, CancellationToken.None);
        }

        Console.WriteLine("数据库结构已是最新 / The database schema is up to date.");
        return 0;
    }
}
