using TaskRouting.Platform.Http;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;
using TaskRouting.Server.Data;

namespace TaskRouting.Server.Api;

/// <summary>Districts, streets, communities and departments: read by everyone in the district, imported by admins.</summary>
internal static class OrganisationEndpoints
{
    public sealed record UnitView(string Code, string NameZh, string NameEn);

    public sealed record StreetView(string Code, string NameZh, string NameEn, IReadOnlyList<UnitView> Communities);

    public sealed record DistrictView(string Code, string NameZh, string NameEn, IReadOnlyList<StreetView> Streets, IReadOnlyList<UnitView> Departments);

    public sealed record ImportRequest(IReadOnlyList<OrganisationRow>? Rows);

    public sealed record ImportSummary(int Created, int Updated, int Unchanged);

    /// <summary>An import file may be up to 32 MiB (100,000 rows of organisation data fit comfortably).</summary>
    private const long MaxImportBytes = 32 * 1024 * 1024;

    public static RouteGroupBuilder MapOrganisation(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/organisation").WithTags("Organisation");
        group.MapGet("/districts", ListDistrictsAsync).RequireAuthorization(Policies.Authenticated);
        group.MapGet("/districts/{code}", GetDistrictAsync).RequireAuthorization(Policies.Authenticated);
        group.MapPost("/import", ImportAsync).RequireAuthorization(Policies.Admin)
            .Accepts<ImportRequest>("application/json", "text/csv")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxImportBytes));
        return group;
    }

    private static async Task<Ok<List<UnitView>>> ListDistrictsAsync(ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        var query = db.Set<District>().AsNoTracking();
        if (!actor.IsPlatformAdmin)
        {
            query = query.Where(d => d.Code == actor.District);
        }

        return TypedResults.Ok(await query.OrderBy(d => d.Code).Select(d => new UnitView(d.Code, d.NameZh, d.NameEn)).ToListAsync(ct));
    }

    private static async Task<Results<Ok<DistrictView>, ProblemHttpResult>> GetDistrictAsync(string code, ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        if (!actor.CanSeeDistrict(code))
        {
            return ApiProblems.Forbidden($"您不属于区 {code} / You are not in district {code}");
        }

        var district = await db.Set<District>().AsNoTracking().FirstOrDefaultAsync(d => d.Code == code, ct);
        if (district is null)
        {
            return ApiProblems.NotFound($"区 {code} 不存在 / No district {code}");
        }

        var streets = await db.Set<Street>().AsNoTracking().Where(s => s.DistrictCode == code).OrderBy(s => s.Code).ToListAsync(ct);
        var communities = await db.Set<Community>().AsNoTracking().Where(c => c.DistrictCode == code).OrderBy(c => c.Code).ToListAsync(ct);
        var departments = await db.Set<Department>().AsNoTracking().Where(d => d.DistrictCode == code).OrderBy(d => d.Code)
            .Select(d => new UnitView(d.Code, d.NameZh, d.NameEn)).ToListAsync(ct);
        var byStreet = communities.ToLookup(c => c.StreetCode);
        return TypedResults.Ok(new DistrictView(district.Code, district.NameZh, district.NameEn,
            streets.Select(s => new StreetView(s.Code, s.NameZh, s.NameEn,
                byStreet[s.Code].Select(c => new UnitView(c.Code, c.NameZh, c.NameEn)).ToList())).ToList(),
            departments));
    }

    /// <summary>CSV (<c>text/csv</c>) or JSON (<c>{"rows":[…]}</c>); every row is checked and nothing is written unless all are good.</summary>
    private static async Task<Results<Ok<ImportSummary>, ValidationProblem>> ImportAsync(
        HttpRequest request, ClaimsPrincipal user, TaskRoutingDbContext db, OrganisationImporter importer, Workflows.ShippedWorkflowSeeding seeding, CancellationToken ct)
    {
        // Routing already answers 415 for anything but the two content types this endpoint accepts.
        IReadOnlyList<OrganisationRow> rows;
        if ((request.ContentType ?? "").StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            // Read the whole file asynchronously (Kestrel forbids synchronous reads), then parse it.
            using var body = new StreamReader(request.Body, System.Text.Encoding.UTF8);
            var text = await body.ReadToEndAsync(ct);
            var (parsed, parseErrors) = OrganisationImporter.ParseCsv(new StringReader(text));
            if (parseErrors.Count > 0)
            {
                return ToProblem(parseErrors);
            }

            rows = parsed;
        }
        else
        {
            ImportRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<ImportRequest>(request.Body, JsonSerializerOptions.Web, ct);
            }
            catch (JsonException ex)
            {
                return new FieldErrors().Add("body", $"JSON 格式错误 / Malformed JSON: {ex.Message}").ToProblem();
            }

            rows = body?.Rows ?? [];
        }

        var result = await importer.ImportAsync(db, Actor.FromPrincipal(user), rows, ct);
        if (result.Succeeded)
        {
            // A new district gets the shipped workflows at once, published and ready for its designers.
            await seeding.SeedAllDistrictsAsync(ct);
        }

        return result.Succeeded
            ? TypedResults.Ok(new ImportSummary(result.Created, result.Updated, result.Unchanged))
            : ToProblem(result.Errors);
    }

    /// <summary>Row errors as field errors keyed <c>rows[n].field</c>, the way a person finds them in the file.</summary>
    private static ValidationProblem ToProblem(IReadOnlyList<RowError> errors)
    {
        var fields = new FieldErrors();
        foreach (var e in errors)
        {
            fields.Add(e.Row == 0 ? e.Field : $"rows[{e.Row}].{e.Field}", e.Message);
        }

        return fields.ToProblem("导入未执行:有错误的行 / Nothing was imported: some rows are invalid");
    }
}
