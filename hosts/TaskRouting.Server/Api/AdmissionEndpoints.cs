using TaskRouting.Platform.Http;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities;
using TaskRouting.Activities.Approval;
using TaskRouting.Activities.Dispatch;
using TaskRouting.Activities.Escalation;
using TaskRouting.Activities.Funding;
using TaskRouting.Activities.Inspection;
using TaskRouting.Activities.Intake;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Activities.Review;
using TaskRouting.Activities.Voting;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Server.Data;

namespace TaskRouting.Server.Api;

/// <summary>
/// The admission lifecycle's API: applications and their status, votes, dispatches, the funds ledger, inspections,
/// alerts and review windows. Every route authenticates; each service scopes what the caller sees.
/// </summary>
internal static class AdmissionEndpoints
{
    public sealed record ApplicationView(Guid Id, string District, string Department, ApplicationForm Form, ApplicationStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt);

    public sealed record ApplicationSummary(
        Guid Id, string Title, string Department, ApplicationCategory Category, ApplicationStage Stage, DateTimeOffset StageSince,
        string? WaitingForZh, string? WaitingForEn, DateTimeOffset? WaitingUntil, string? AdmissionNumber, bool Urgent, bool BurdenFlagged, DateTimeOffset CreatedAt);

    public sealed record PageOf<T>(int Total, int Page, int PageSize, IReadOnlyList<T> Items);

    public sealed record WithdrawRequest(string? Reason);

    public sealed record DisbursementBody(string? Community, decimal? Amount, string? Note);

    public static RouteGroupBuilder MapAdmission(this RouteGroupBuilder api)
    {
        var applications = api.MapGroup("/applications").WithTags("Applications").RequireAuthorization(Policies.Authenticated);
        applications.MapPost("/", CreateAsync);
        applications.MapGet("/", ListAsync);
        applications.MapGet("/{id:guid}", ReadAsync);
        applications.MapGet("/{id:guid}/status", StatusAsync);
        applications.MapPut("/{id:guid}", UpdateAsync);
        applications.MapPost("/{id:guid}/submit", SubmitAsync);
        applications.MapPost("/{id:guid}/withdraw", WithdrawAsync);
        applications.MapPost("/{id:guid}/funding/disbursements", DisburseAsync);
        applications.MapGet("/{id:guid}/inspections", InspectionsAsync);

        var work = api.MapGroup("").WithTags("Admission work").RequireAuthorization(Policies.Authenticated);
        work.MapGet("/funding", (Guid? applicationId, ClaimsPrincipal user, FundingLedger ledger, CancellationToken ct) =>
            DomainResults.RunAsync(() => ledger.ReadAsync(Actor.FromPrincipal(user), applicationId, ct), TypedResults.Ok));
        work.MapGet("/alerts", AlertsAsync);
        work.MapPost("/alerts/{id:guid}/resolve", ResolveAlertAsync);
        work.MapGet("/review-windows", (ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(user);
            return db.Set<ReviewWindow>().AsNoTracking().Where(w => w.District == actor.District).OrderByDescending(w => w.OpensOn).Take(50).ToListAsync(ct);
        });
        return applications;
    }

    private static Task<IResult> CreateAsync(bool? submit, ApplicationForm? form, ClaimsPrincipal user, Applications applications, TaskRoutingDbContext db, CancellationToken ct) =>
        DomainResults.RunAsync(async () => await ViewAsync(applications, Actor.FromPrincipal(user), (await applications.CreateAsync(Actor.FromPrincipal(user), form, submit == true, ct)).Id, ct),
            v => TypedResults.Created($"/api/applications/{v.Id}", v));

    private static Task<IResult> UpdateAsync(Guid id, ApplicationForm? form, ClaimsPrincipal user, Applications applications, CancellationToken ct) =>
        DomainResults.RunAsync(async () => await ViewAsync(applications, Actor.FromPrincipal(user), (await applications.UpdateAsync(Actor.FromPrincipal(user), id, form, ct)).Id, ct), TypedResults.Ok);

    private static Task<IResult> SubmitAsync(Guid id, ClaimsPrincipal user, Applications applications, CancellationToken ct) =>
        DomainResults.RunAsync(async () => await ViewAsync(applications, Actor.FromPrincipal(user), (await applications.SubmitAsync(Actor.FromPrincipal(user), id, ct)).Id, ct), TypedResults.Ok);

    private static Task<IResult> WithdrawAsync(Guid id, WithdrawRequest? request, ClaimsPrincipal user, Applications applications, CancellationToken ct) =>
        DomainResults.RunAsync(async () => await ViewAsync(applications, Actor.FromPrincipal(user), (await applications.WithdrawAsync(Actor.FromPrincipal(user), id, request?.Reason, ct)).Id, ct), TypedResults.Ok);

    private static async Task<IResult> ReadAsync(Guid id, ClaimsPrincipal user, Applications applications, CancellationToken ct)
    {
        var view = await ViewOrNullAsync(applications, Actor.FromPrincipal(user), id, ct);
        return view is null ? ApiProblems.NotFound($"没有申请 {id} / There is no application {id}") : TypedResults.Ok(view);
    }

    private static async Task<IResult> StatusAsync(Guid id, ClaimsPrincipal user, Applications applications, CancellationToken ct)
    {
        var status = await applications.StatusAsync(Actor.FromPrincipal(user), id, ct);
        return status is null ? ApiProblems.NotFound($"没有申请 {id} / There is no application {id}") : TypedResults.Ok(status);
    }

    private static async Task<IResult> ListAsync(
        ApplicationStage? stage, string? search, bool? urgent, int? page, int? pageSize, ClaimsPrincipal user, Applications applications, CancellationToken ct)
    {
        var errors = new FieldErrors().Paging(page ?? 1, pageSize ?? 50);
        if (search is { Length: > 200 })
        {
            errors.Add("search", "搜索词不能超过 200 个字符 / search must be at most 200 characters");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (total, items) = await applications.ListAsync(Actor.FromPrincipal(user), stage, search, page ?? 1, pageSize ?? 50, ct, urgent);
        return TypedResults.Ok(new PageOf<ApplicationSummary>(total, page ?? 1, pageSize ?? 50, items.Select(a => new ApplicationSummary(
            a.Id, a.Title, a.Department, a.Category, a.Stage, a.StageSince, a.WaitingForZh, a.WaitingForEn, a.WaitingUntil, a.AdmissionNumber, a.Urgent,
            a.BurdenFlagged, a.CreatedAt)).ToList()));
    }

    private static Task<IResult> DisburseAsync(Guid id, DisbursementBody? body, ClaimsPrincipal user, FundingLedger ledger, CancellationToken ct) =>
        DomainResults.RunAsync(() => ledger.DisburseAsync(Actor.FromPrincipal(user), id, body?.Community, body?.Amount, body?.Note, ct), TypedResults.Ok);

    private static async Task<IResult> InspectionsAsync(Guid id, ClaimsPrincipal user, Applications applications, TaskRoutingDbContext db, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        if (await applications.ReadAsync(actor, id, ct) is null)
        {
            return ApiProblems.NotFound($"没有申请 {id} / There is no application {id}");
        }

        var inspections = await db.Set<InspectionRecord>().AsNoTracking().Where(i => i.ApplicationId == id).OrderBy(i => i.Round).ToListAsync(ct);
        var notices = await db.Set<CorrectionNotice>().AsNoTracking().Where(n => n.ApplicationId == id).OrderBy(n => n.IssuedAt).ToListAsync(ct);
        return TypedResults.Ok(new { inspections, notices });
    }

    /// <summary>Open alerts addressed to one of the caller's roles within the caller's scope.</summary>
    internal static IQueryable<Alert> AlertsFor(TaskRoutingDbContext db, Actor actor)
    {
        var roles = actor.Roles.Select(r => r.ToString().ToLowerInvariant()).ToList();
        var scopes = new[] { actor.District, actor.Department, actor.Street, actor.Community }.OfType<string>().ToList();
        // A duty officer's alerts are addressed to them by name (the daily follow-up of overdue violation cases), and so
        // are alerts a supervisor reassigned to one person.
        return db.Set<Alert>().AsNoTracking().Where(a => a.District == actor.District
            && ((roles.Contains(a.TargetRole) && (a.TargetScope == null || scopes.Contains(a.TargetScope)))
                || ((a.TargetRole == Activities.Violations.ViolationFollowUp.DutyRole || a.TargetRole == Alerts.PersonRole) && a.TargetScope == actor.Name)));
    }

    private static async Task<IResult> AlertsAsync(bool? resolved, ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct)
    {
        var query = AlertsFor(db, Actor.FromPrincipal(user));
        query = resolved == true ? query.Where(a => a.ResolvedAt != null) : query.Where(a => a.ResolvedAt == null);
        return TypedResults.Ok(await query.OrderByDescending(a => a.CreatedAt).Take(500).ToListAsync(ct));
    }

    private static async Task<IResult> ResolveAlertAsync(Guid id, ClaimsPrincipal user, TaskRoutingDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        if (!await AlertsFor(db, actor).AnyAsync(a => a.Id == id, ct))
        {
            return ApiProblems.NotFound($"没有提醒 {id} / There is no alert {id}");
        }

        var alert = await db.Set<Alert>().FirstAsync(a => a.Id == id, ct);
        if (alert.ResolvedAt is not null)
        {
            return ApiProblems.Conflict("该提醒已处理 / The alert was resolved already");
        }

        alert.ResolvedAt = time.GetUtcNow();
        alert.ResolvedBy = actor.Name;
        audit.Record(db, actor, "alert.resolved", "alert", id.ToString(), null, new { alert.Key }, alert.District);
        await audit.SaveChangesAsync(db, ct);
        return TypedResults.Ok(alert);
    }

    private static async Task<ApplicationView> ViewAsync(Applications applications, Actor actor, Guid id, CancellationToken ct) =>
        await ViewOrNullAsync(applications, actor, id, ct) ?? throw DomainRejection.Missing($"没有申请 {id} / There is no application {id}");

    private static async Task<ApplicationView?> ViewOrNullAsync(Applications applications, Actor actor, Guid id, CancellationToken ct)
    {
        var read = await applications.ReadAsync(actor, id, ct);
        if (read is null)
        {
            return null;
        }

        var (a, status) = read.Value;
        return new ApplicationView(a.Id, a.District, a.Department, Applications.ToForm(a), status, a.CreatedAt, a.SubmittedAt);
    }
}
