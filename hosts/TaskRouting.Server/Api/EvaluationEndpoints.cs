using System.Security.Claims;
using TaskRouting.Activities.Evaluation;
using TaskRouting.Activities.Inspection;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Server.Api;

/// <summary>
/// Accountability both ways: the communities' evaluation of departments and streets (自下而上评议) and the unified
/// inspections of communities (统一检查考核). Every route authenticates; the services scope what the caller sees.
/// </summary>
internal static class EvaluationEndpoints
{
    public sealed record PlanBody(string? Period);

    public sealed record RecordBody(IReadOnlyList<VisitFinding>? Findings);

    public static RouteGroupBuilder MapEvaluationsAndInspections(this RouteGroupBuilder api)
    {
        var evaluations = api.MapGroup("/evaluations").WithTags("Evaluations").RequireAuthorization(Policies.Authenticated);
        evaluations.MapPost("/", (EvaluationForm? form, ClaimsPrincipal user, Evaluations service, CancellationToken ct) =>
            DomainResults.RunAsync(() => service.SubmitAsync(Actor.FromPrincipal(user), form, ct),
                r => r.Created ? TypedResults.Created($"/api/evaluations/mine?period={r.Evaluation.Period}", r.Evaluation) : TypedResults.Ok(r.Evaluation)));
        evaluations.MapGet("/mine", (string? period, ClaimsPrincipal user, Evaluations service, CancellationToken ct) =>
            DomainResults.RunAsync(() => service.MineAsync(Actor.FromPrincipal(user), period, ct), TypedResults.Ok));
        evaluations.MapGet("/results", (string? period, ClaimsPrincipal user, Evaluations service, CancellationToken ct) =>
            DomainResults.RunAsync(() => service.ResultsAsync(Actor.FromPrincipal(user), period, ct), TypedResults.Ok));
        evaluations.MapGet("/rankings", (string? period, ClaimsPrincipal user, Evaluations service, CancellationToken ct) =>
            DomainResults.RunAsync(() => service.RankingsAsync(Actor.FromPrincipal(user), period, ct), TypedResults.Ok));

        var inspections = api.MapGroup("/inspections").WithTags("Inspections").RequireAuthorization(Policies.Authenticated);
        inspections.MapPost("/requests", (InspectionRequestForm? form, ClaimsPrincipal user, InspectionRequests service, CancellationToken ct) =>
            DomainResults.RunAsync(() => service.CreateAsync(Actor.FromPrincipal(user), form, ct), r => TypedResults.Created($"/api/inspections/requests?period={r.Period}", r)));
        inspections.MapGet("/requests", (string? period, ClaimsPrincipal user, InspectionRequests service, CancellationToken ct) =>
            DomainResults.RunAsync(() => service.ListRequestsAsync(Actor.FromPrincipal(user), period, ct), TypedResults.Ok));
        inspections.MapPost("/visits/plan", (PlanBody? body, ClaimsPrincipal user, InspectionRequests service, CancellationToken ct) =>
            DomainResults.RunAsync(() => service.PlanAsync(Actor.FromPrincipal(user), body?.Period, ct), TypedResults.Ok));
        inspections.MapGet("/visits", (string? period, ClaimsPrincipal user, InspectionRequests service, CancellationToken ct) =>
            DomainResults.RunAsync(() => service.ListVisitsAsync(Actor.FromPrincipal(user), period, ct), TypedResults.Ok));
        inspections.MapPost("/visits/{id:guid}/record", (Guid id, RecordBody? body, ClaimsPrincipal user, InspectionRequests service, CancellationToken ct) =>
            DomainResults.RunAsync(() => service.RecordAsync(Actor.FromPrincipal(user), id, body?.Findings, ct), TypedResults.Ok));
        return evaluations;
    }
}
