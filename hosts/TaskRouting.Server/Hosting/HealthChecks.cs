using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaskRouting.Server.Data;

namespace TaskRouting.Server.Hosting;

/// <summary>Ready when the database answers a query.</summary>
internal sealed class DatabaseHealthCheck(TaskRoutingDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy(db.Database.ProviderName)
                : HealthCheckResult.Unhealthy("The database does not answer");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer", ex);
        }
    }
}

/// <summary>Ready when Hangfire's storage answers and a job server has sent a heartbeat recently.</summary>
internal sealed class JobsHealthCheck(JobStorage storage, Microsoft.Extensions.Options.IOptions<ServerOptions> options) : IHealthCheck
{
    private static readonly TimeSpan HeartbeatAge = TimeSpan.FromMinutes(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers();
            if (!options.Value.Jobs.RunServer)
            {
                return Task.FromResult(HealthCheckResult.Healthy($"storage answers; {servers.Count} job servers elsewhere"));
            }

            // Hangfire stamps heartbeats with the machine clock, so compare with the machine clock, not the injected one.
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            var alive = servers.Count(s => s.Heartbeat is { } beat && now - beat < HeartbeatAge);
            return Task.FromResult(alive > 0
                ? HealthCheckResult.Healthy($"{alive} job servers")
                : HealthCheckResult.Unhealthy("No Hangfire server has sent a heartbeat"));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage does not answer", ex));
        }
    }
}
