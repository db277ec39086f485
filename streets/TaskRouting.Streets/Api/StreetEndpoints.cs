using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Contracts.Voting;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;
using TaskRouting.Streets.Data;
using TaskRouting.Streets.Tasks;
using TaskRouting.Streets.Violations;
using TaskRouting.Streets.Voting;

namespace TaskRouting.Streets.Api;

/// <summary>
/// The street and community side's API (<c>/api/street</c>): the vote inbox and casting, received tasks and the
/// community's answers, notices, and violation reports. Streets and communities only; each sees its own unit.
/// </summary>
public static class StreetEndpoints
{
    public sealed record VoteBody(VoteChoice? Choice, string? Comment);

    public sealed record TaskBody(string? Report);

    /// <summary>Maps the street side's routes under <c>/api/street</c>.</summary>
    public static RouteGroupBuilder MapStreetGateway(this IEndpointRouteBuilder endpoints)
    {
        var street = endpoints.MapGroup("/api/street").WithTags("Street and community (street gateway)").RequireAuthorization(Policies.StreetSide);
        street.MapGet("/votes", (bool? open, ClaimsPrincipal user, Ballots ballots, CancellationToken ct) =>
            DomainResults.RunAsync(() => ballots.InboxAsync(Actor.FromPrincipal(user), open, ct), TypedResults.Ok));
        street.MapPost("/votes/{voteRequestId:guid}", (Guid voteRequestId, VoteBody? body, ClaimsPrincipal user, Ballots ballots, CancellationToken ct) =>
            DomainResults.RunAsync(() => ballots.CastAsync(Actor.FromPrincipal(user), voteRequestId, body?.Choice, body?.Comment, ct), TypedResults.Ok));
        street.MapGet("/tasks", (ReceivedTaskStatus? status, ClaimsPrincipal user, TaskInbox tasks, CancellationToken ct) =>
            DomainResults.RunAsync(() => tasks.ListAsync(Actor.FromPrincipal(user), status, ct), TypedResults.Ok));
        street.MapPost("/tasks/{dispatchId:guid}/{action}", ActAsync);
        street.MapGet("/notices", NoticesAsync);
        street.MapGet("/violations", (ClaimsPrincipal user, ViolationReports reports, CancellationToken ct) =>
            DomainResults.RunAsync(() => reports.ListAsync(Actor.FromPrincipal(user), ct), TypedResults.Ok));
        street.MapPost("/violations", (ViolationForm? form, ClaimsPrincipal user, ViolationReports reports, CancellationToken ct) =>
            DomainResults.RunAsync(() => reports.ReportAsync(Actor.FromPrincipal(user), form, ct), r => TypedResults.Created($"/api/street/violations/{r.ReportId}", r)));
        return street;
    }

    private static Task<IResult> ActAsync(Guid dispatchId, string action, TaskBody? body, ClaimsPrincipal user, TaskInbox tasks, CancellationToken ct) =>
        Enum.TryParse<TaskAction>(action, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(action, out _)
            ? DomainResults.RunAsync(() => tasks.ActAsync(Actor.FromPrincipal(user), dispatchId, parsed, body?.Report, ct), TypedResults.Ok)
            : Task.FromResult<IResult>(new FieldErrors().Add("action", "操作须为 acknowledge、complete 或 refuse / action must be acknowledge, complete or refuse").ToProblem());

    private static Task<IResult> NoticesAsync(ClaimsPrincipal user, StreetsDbContext db, CancellationToken ct) =>
        DomainResults.RunAsync(() =>
        {
            var actor = Actor.FromPrincipal(user);
            var unit = StreetSide.Unit(actor);
            var targets = new[] { unit, actor.Street }.OfType<string>().ToList();
            return db.Set<StreetNotice>().AsNoTracking().Where(n => n.District == actor.District && targets.Contains(n.TargetCode))
                .OrderByDescending(n => n.IssuedAt).Take(500).ToListAsync(ct);
        }, TypedResults.Ok);
}
