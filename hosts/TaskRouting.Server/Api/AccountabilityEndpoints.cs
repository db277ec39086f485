using System.Security.Claims;
using TaskRouting.Activities.Notices;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Activities.Violations;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Server.Api;

/// <summary>
/// Accountability: violation cases (read within each role's scope; their steps are human tasks completed through
/// <c>/api/workflows/tasks</c>), the duty roster of the daily follow-up, and the district-wide notices (public).
/// </summary>
internal static class AccountabilityEndpoints
{
    public sealed record RosterBody(IReadOnlyList<DutyForm>? Days);

    public sealed record PublishNoticeBody(string? Period);

    public static void MapAccountability(this RouteGroupBuilder api)
    {
        var violations = api.MapGroup("/violations").WithTags("Violation cases").RequireAuthorization(Policies.Authenticated);
        violations.MapGet("/", (ViolationStatus? status, ClaimsPrincipal user, ViolationCases cases, CancellationToken ct) =>
            DomainResults.RunAsync(() => cases.ListAsync(Actor.FromPrincipal(user), status, ct), TypedResults.Ok));
        violations.MapGet("/{id:guid}", async (Guid id, ClaimsPrincipal user, ViolationCases cases, CancellationToken ct) =>
            await cases.ReadAsync(Actor.FromPrincipal(user), id, ct) is { } view
                ? (IResult)TypedResults.Ok(view)
                : ApiProblems.NotFound($"没有举报案件 {id} / There is no violation case {id}"));
        violations.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, ClaimsPrincipal user, ViolationCases cases, CancellationToken ct) =>
            await cases.AttachmentAsync(Actor.FromPrincipal(user), id, attachmentId, ct) is { } file
                ? Results.File(file.Content, file.ContentType, file.FileName)
                : ApiProblems.NotFound($"没有附件 {attachmentId} / There is no attachment {attachmentId}"));

        var roster = api.MapGroup("/duty-roster").WithTags("Violation cases").RequireAuthorization(Policies.Authenticated);
        roster.MapGet("/", (DateOnly? from, int? days, ClaimsPrincipal user, DutyRoster duty, TimeProvider time, CancellationToken ct) =>
            DomainResults.RunAsync(() => duty.ListAsync(Actor.FromPrincipal(user), from ?? WorkingDayCalendar.ChinaDate(time.GetUtcNow()), days ?? 31, ct), TypedResults.Ok))
            .RequireAuthorization(Policies.Oversight);
        roster.MapPut("/", (RosterBody? body, ClaimsPrincipal user, DutyRoster duty, CancellationToken ct) =>
            DomainResults.RunAsync(() => duty.SetAsync(Actor.FromPrincipal(user), body?.Days, ct), TypedResults.Ok))
            .RequireAuthorization(Policies.Office);

        var notices = api.MapGroup("/notices").WithTags("Notices").RequireAuthorization(Policies.Authenticated);
        notices.MapGet("/", (ClaimsPrincipal user, Notices all, CancellationToken ct) =>
            DomainResults.RunAsync(() => all.ListAsync(Actor.FromPrincipal(user).District ?? "", ct), TypedResults.Ok));
        notices.MapPost("/", (PublishNoticeBody? body, ClaimsPrincipal user, Notices all, CancellationToken ct) =>
            DomainResults.RunAsync(() => all.PublishAsync(Actor.FromPrincipal(user), body?.Period, ct), n => TypedResults.Created($"/api/public/{n.District}/notices/{n.Id}", n)))
            .RequireAuthorization(Policies.Oversight);

        var open = api.MapGroup("/public").WithTags("Public").AllowAnonymous();
        open.MapGet("/{district}/notices", (string district, Notices all, CancellationToken ct) =>
            DomainResults.RunAsync(() => all.ListAsync(district, ct), TypedResults.Ok));
        open.MapGet("/{district}/notices/{id:guid}", async (string district, Guid id, Notices all, CancellationToken ct) =>
            await all.ReadAsync(id, ct) is { } notice && notice.District == district
                ? (IResult)TypedResults.Ok(notice)
                : ApiProblems.NotFound($"没有通报 {id} / There is no notice {id}"));
    }
}
