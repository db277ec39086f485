using System.Text.Json;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scalar.AspNetCore;
using TaskRouting.Platform.Identity;
using TaskRouting.Server.Api;
using TaskRouting.Server.Elsa;
using TaskRouting.Server.Studio;
using TaskRouting.Streets.Api;

namespace TaskRouting.Server.Hosting;

/// <summary>The server's middleware and endpoints.</summary>
public static class ServerPipeline
{
    public static WebApplication MapTaskRoutingServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // A page's file is reached only through its route, which checks the roles (PortalPages); scripts and styles stay static.
        app.UsePortalPageFilesGuard();
        app.UseStaticFiles();
        app.UseStudio();
        app.UseAuthentication();
        app.UseAuthorization();

        // Probes are anonymous (orchestrators call them) and reveal only statuses, never settings.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync }).AllowAnonymous();

        // The API description is documentation, not data: readable without signing in.
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/scalar", o => o.WithTitle("TaskRouting API")).AllowAnonymous();

        app.MapHangfireDashboardWithAuthorizationPolicy(Policies.Operator, "/hangfire", new DashboardOptions
        {
            Authorization = Array.Empty<IDashboardAuthorizationFilter>(),
            DashboardTitle = "TaskRouting 作业 / Jobs",
            AppPath = "/",
        });

        app.MapGet("/login", () => Results.File(Path.Combine(app.Environment.WebRootPath, "login.html"), "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/", () => Results.File(Path.Combine(app.Environment.WebRootPath, "index.html"), "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        // The people-facing pages, each with the roles that may open it (Hosting/PortalPages.cs).
        app.MapPortalPages();

        var api = app.MapGroup("/api");
        api.MapAuth(Platform.PlatformServiceCollectionExtensions.GetSecurityOptions(app.Services).Oidc.Enabled);
        api.MapOrganisation();
        api.MapUsers();
        api.MapAudit();
        api.MapWorkflowDefinitions();
        api.MapWorkflowInstances();
        api.MapHumanTasks();
        api.MapAdmission();
        api.MapAlertActions();
        api.MapAccountability();
        api.MapWebhooks();
        api.MapEvaluationsAndInspections();
        api.MapBurden();
        api.MapReferenceData();
        api.MapOffice();
        api.MapOperations();
        if (ServerHostingExtensions.InProcessGateway(app.Configuration))
        {
            app.MapStreetGateway();
        }

        app.MapElsaApi();

        app.LogAddressesWhenStarted();
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                ms = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
