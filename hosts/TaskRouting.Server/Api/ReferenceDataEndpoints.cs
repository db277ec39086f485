using TaskRouting.Platform.Http;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities;
using TaskRouting.Activities.Approval;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;
using TaskRouting.Server.Data;

namespace TaskRouting.Server.Api;

/// <summary>
/// The duty list, the negative list and the working-day calendar: the office publishes new versions; anyone reads
/// the lists, the calendar and the annual plan list through the public routes (no login).
/// </summary>
internal static class ReferenceDataEndpoints
{
    public sealed record PublishListRequest(DateOnly? EffectiveFrom, IReadOnlyList<ReferenceItem>? Items, string? Note);

    public sealed record PublicPlanEntry(
        string Number, int Year, string Series, string Title, string Department, string Category, decimal WorkloadHoursPerMonth,
        decimal FundingPerCommunity, int Communities, DateOnly StartDate, int DurationMonths, DateTimeOffset AdmittedAt, string Status);

    public static void MapReferenceData(this RouteGroupBuilder api)
    {
        var office = api.MapGroup("/reference").WithTags("Reference data").RequireAuthorization(Policies.Authenticated);
        office.MapPost("/{kind}", PublishListAsync).RequireAuthorization(Policies.Office);
        office.MapGet("/{kind}/versions", VersionsAsync);
        office.MapPut("/calendar/{year:int}", PublishCalendarAsync).RequireAuthorization(Policies.Office);
        office.MapGet("/calendar/{year:int}/versions", async (int year, TaskRoutingDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await CalendarStore.VersionsAsync(db, year, ct)));

        var open = api.MapGroup("/public").WithTags("Public").AllowAnonymous();
        // The districts by code and name: what a visitor of the public pages chooses from.
        open.MapGet("/districts", async (TaskRoutingDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.Set<District>().AsNoTracking().OrderBy(d => d.Code).Select(d => new { d.Code, d.NameZh, d.NameEn }).ToListAsync(ct)));
        open.MapGet("/{district}/{kind}", PublicListAsync);
        open.MapGet("/{district}/plan-list", PlanListAsync);
        open.MapGet("/calendar/{year:int}", (int year, CalendarStore calendar) =>
        {
            if (!calendar.Current.HasYear(year))
            {
                return (IResult)ApiProblems.NotFound($"没有 {year} 年的工作日历 / There is no working-day calendar for {year}");
            }

            var days = Enumerable.Range(1, 12).SelectMany(m => Enumerable.Range(1, DateTime.DaysInMonth(year, m)).Select(d => new DateOnly(year, m, d)))
                .Select(d => calendar.Current.Describe(d)).OfType<CalendarDay>().ToList();
            return TypedResults.Ok(new { year, days });
        });
    }

    private static bool TryKind(string text, out ReferenceListKind kind)
    {
        kind = text switch { "duty-list" => ReferenceListKind.DutyList, "negative-list" => ReferenceListKind.NegativeList, _ => (ReferenceListKind)(-1) };
        return Enum.IsDefined(kind);
    }

    private static IResult UnknownKind() =>
        new FieldErrors().Add("kind", "清单须为 duty-list 或 negative-list / kind must be duty-list or negative-list").ToProblem();

    private static async Task<IResult> PublishListAsync(string kind, PublishListRequest? request, ClaimsPrincipal user, ReferenceLists lists, CancellationToken ct)
    {
        if (!TryKind(kind, out var parsed))
        {
            return UnknownKind();
        }

        var actor = Actor.FromPrincipal(user);
        if (request?.EffectiveFrom is null)
        {
            return new FieldErrors().Add("effectiveFrom", "生效日期不能为空 / effectiveFrom is required").ToProblem();
        }

        return await DomainResults.RunAsync(() => lists.PublishAsync(actor.District!, parsed, request.EffectiveFrom.Value, request.Items, request.Note, actor, ct),
            v => TypedResults.Created($"/api/public/{actor.District}/{kind}", v));
    }

    private static async Task<IResult> VersionsAsync(string kind, ClaimsPrincipal user, ReferenceLists lists, CancellationToken ct) =>
        TryKind(kind, out var parsed)
            ? TypedResults.Ok(await lists.VersionsAsync(Actor.FromPrincipal(user).District ?? "", parsed, ct))
            : UnknownKind();

    private static async Task<IResult> PublishCalendarAsync(
        int year, JsonElement body, ClaimsPrincipal user, TaskRoutingDbContext db, CalendarStore calendar, AuditTrail audit, TimeProvider time, CancellationToken ct) =>
        await DomainResults.RunAsync(() => calendar.PublishAsync(db, audit, Actor.FromPrincipal(user), year, body.GetRawText(), time, ct),
            r => TypedResults.Ok(new { r.Year, r.Version, r.Source, r.CreatedBy, r.CreatedAt }));

    private static async Task<IResult> PublicListAsync(string district, string kind, DateOnly? on, ReferenceLists lists, TimeProvider time, CancellationToken ct)
    {
        if (!TryKind(kind, out var parsed))
        {
            return UnknownKind();
        }

        var list = await lists.InEffectAsync(district, parsed, on ?? WorkingDayCalendar.ChinaDate(time.GetUtcNow()), ct);
        return list is null
            ? ApiProblems.NotFound($"区 {district} 尚未公布该清单 / District {district} has not published this list")
            : TypedResults.Ok(list with { CreatedBy = "" });
    }

    private static async Task<IResult> PlanListAsync(string district, int? year, TaskRoutingDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!await db.Set<District>().AnyAsync(d => d.Code == district, ct))
        {
            return ApiProblems.NotFound($"没有区 {district} / There is no district {district}");
        }

        var y = year ?? WorkingDayCalendar.ChinaDate(time.GetUtcNow()).Year;
        var entries = await db.Set<PlanListEntry>().AsNoTracking().Where(p => p.District == district && p.Year == y)
            .OrderBy(p => p.Series).ThenBy(p => p.Sequence).ToListAsync(ct);
        return TypedResults.Ok(entries.Select(p => new PublicPlanEntry(p.Number, p.Year, p.Series, p.Title, p.Department, p.Category.ToString(),
            p.WorkloadHoursPerMonth, p.FundingPerCommunity, p.Communities.Count, p.StartDate, p.DurationMonths, p.AdmittedAt, p.Status.ToString())).ToList());
    }
}
