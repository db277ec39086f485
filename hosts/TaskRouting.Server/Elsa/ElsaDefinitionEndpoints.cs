using TaskRouting.Platform.Http;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Server.Api;
using TaskRouting.Workflows.Runtime.Definitions;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.Elsa;

/// <summary>
/// Workflow definitions as Elsa Studio reads and writes them (paths of Elsa 3's API under <c>/elsa/api</c>). Every
/// call is scoped to the caller's district; workflow readers get read-only models (no publish link), designers may
/// save, publish, retract, import and delete. Each change is audited like the REST API's.
/// </summary>
internal static class ElsaDefinitionEndpoints
{
    public sealed record SaveRequest(JsonObject? Model, JsonNode? Publish);

    public sealed record DefinitionIdsRequest(string[]? DefinitionIds);

    public static RouteGroupBuilder MapElsaDefinitions(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflow-definitions");
        group.MapGet("/", ListAsync);
        group.MapGet("/query/count", CountAsync);
        group.MapGet("/validation/is-name-unique", IsNameUniqueAsync);
        group.MapGet("/by-definition-id/{definitionId}", GetByDefinitionIdAsync);
        group.MapGet("/by-id/{id}", GetByIdAsync);
        group.MapGet("/many-by-id", GetManyByIdAsync);
        group.MapGet("/{definitionId}/export", ExportAsync);
        group.MapPost("/", SaveAsync).RequireAuthorization(Policies.Designer);
        group.MapPost("/import", ImportAsync).RequireAuthorization(Policies.Designer);
        group.MapPost("/{definitionId}/publish", PublishAsync).RequireAuthorization(Policies.Designer);
        group.MapPost("/{definitionId}/retract", RetractAsync).RequireAuthorization(Policies.Designer);
        group.MapDelete("/{definitionId}", DeleteAsync).RequireAuthorization(Policies.Designer);

        var bulk = api.MapGroup("/bulk-actions").RequireAuthorization(Policies.Designer);
        bulk.MapPost("/publish/workflow-definitions/by-definition-ids", BulkPublishAsync);
        bulk.MapPost("/retract/workflow-definitions/by-definition-ids", BulkRetractAsync);
        bulk.MapPost("/delete/workflow-definitions/by-definition-id", BulkDeleteAsync);
        return group;
    }

    private static bool CanDesign(Actor actor) => actor.IsIn(Role.Designer);

    /// <summary>Elsa's version options: Latest, Published, LatestOrPublished, LatestAndPublished, Draft, AllVersions or a number.</summary>
    private static IQueryable<WorkflowDefinitionRecord>? Filter(IQueryable<WorkflowDefinitionRecord> query, string versionOptions) =>
        versionOptions switch
        {
            "Latest" => query.Where(d => d.IsLatest),
            "Published" => query.Where(d => d.Status == DefinitionStatus.Published),
            "LatestOrPublished" => query.Where(d => d.IsLatest || d.Status == DefinitionStatus.Published),
            "LatestAndPublished" => query.Where(d => d.IsLatest && d.Status == DefinitionStatus.Published),
            "Draft" => query.Where(d => d.Status == DefinitionStatus.Draft),
            "AllVersions" => query,
            var v when int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
                => query.Where(d => d.Version == version),
            _ => null,
        };

    /// <summary>The newest version of a district's definition that the version options select (Latest when none are given).</summary>
    private static async Task<(WorkflowDefinitionRecord? Record, ValidationProblem? BadOptions)> FindVersionAsync(
        WorkflowDefinitions definitions, Actor actor, string definitionId, string? versionOptions, CancellationToken ct)
    {
        var query = Filter(definitions.Query(actor.District).AsNoTracking().Where(d => d.DefinitionId == definitionId),
            string.IsNullOrEmpty(versionOptions) ? "Latest" : versionOptions);
        return query is null
            ? (null, BadVersionOptions(versionOptions))
            : (await query.OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct), null);
    }

    private static ValidationProblem BadVersionOptions(string? value) =>
        new FieldErrors().Add("versionOptions",
            $"版本选项 {value} 无效(Latest、Published、LatestOrPublished、Draft、AllVersions 或版本号)/ versionOptions {value} must be Latest, Published, LatestOrPublished, Draft, AllVersions or a version number").ToProblem();

    private static async Task<Results<Ok<JsonObject>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, WorkflowDefinitions definitions, CancellationToken ct,
        string? versionOptions = null, [FromQuery] string[]? definitionIds = null, [FromQuery] string[]? ids = null, string? searchTerm = null,
        int? page = null, int? pageSize = null, string? orderBy = null, string? orderDirection = null)
    {
        var errors = new FieldErrors();
        if (page is < 0)
        {
            errors.Add("page", "页码从 0 开始 / page starts at 0");
        }

        if (pageSize is < 1 or > 500)
        {
            errors.Add("pageSize", "每页 1–500 条 / pageSize must be 1–500");
        }

        if (orderBy is not (null or "Created" or "Name" or "Version"))
        {
            errors.Add("orderBy", "排序字段只能是 Created、Name 或 Version / orderBy must be Created, Name or Version");
        }

        if (orderDirection is not (null or "Ascending" or "Descending"))
        {
            errors.Add("orderDirection", "排序方向只能是 Ascending 或 Descending / orderDirection must be Ascending or Descending");
        }

        var actor = Actor.FromPrincipal(user);
        // No version option (the instance list asks for exact version ids this way): every version.
        var query = Filter(definitions.Query(actor.District).AsNoTracking(), string.IsNullOrEmpty(versionOptions) ? "AllVersions" : versionOptions);
        if (query is null)
        {
            return BadVersionOptions(versionOptions);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (definitionIds is { Length: > 0 })
        {
            query = query.Where(d => definitionIds.Contains(d.DefinitionId));
        }

        if (ids is { Length: > 0 })
        {
            query = query.Where(d => ids.Contains(d.Id));
        }

        if (!string.IsNullOrWhiteSpace(searchTerm))
        {
            var term = searchTerm.Trim();
            query = query.Where(d => d.Name.Contains(term) || (d.Description != null && d.Description.Contains(term)) || d.DefinitionId == term);
        }

        var descending = orderDirection == "Descending";
        query = orderBy switch
        {
            "Created" => descending ? query.OrderByDescending(d => d.CreatedAt) : query.OrderBy(d => d.CreatedAt),
            "Version" => descending ? query.OrderByDescending(d => d.Version) : query.OrderBy(d => d.Version),
            _ => descending ? query.OrderByDescending(d => d.Name) : query.OrderBy(d => d.Name),
        };
        var total = await query.CountAsync(ct);
        var size = pageSize ?? 100;
        var rows = await query.Skip((page ?? 0) * size).Take(size).ToListAsync(ct);
        var canDesign = CanDesign(actor);
        var links = new JsonArray();
        if (canDesign)
        {
            // Without this link the Studio's list is read-only (no create, delete or bulk actions).
            links.Add(new JsonObject { ["href"] = "/bulk-actions/publish/workflow-definitions/by-definition-ids", ["rel"] = "bulk-publish", ["method"] = "POST" });
        }

        return TypedResults.Ok(new JsonObject
        {
            ["items"] = new JsonArray(rows.Select(r => (JsonNode)ElsaDefinitionModel.ToSummary(r, canDesign)).ToArray()),
            ["totalCount"] = total,
            ["links"] = links,
        });
    }

    private static async Task<Ok<JsonObject>> CountAsync(ClaimsPrincipal user, WorkflowDefinitions definitions, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        var count = await definitions.Query(actor.District).CountAsync(d => d.IsLatest, ct);
        return TypedResults.Ok(new JsonObject { ["count"] = count });
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem>> IsNameUniqueAsync(
        ClaimsPrincipal user, WorkflowDefinitions definitions, CancellationToken ct, string? name = null, string? definitionId = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return new FieldErrors().Required("name", name, "名称", "name").ToProblem();
        }

        var actor = Actor.FromPrincipal(user);
        return TypedResults.Ok(new JsonObject { ["isUnique"] = !await NameTakenAsync(definitions, actor, name.Trim(), definitionId, ct) });
    }

    /// <summary>Names are unique among the latest versions of a district's definitions.</summary>
    private static Task<bool> NameTakenAsync(WorkflowDefinitions definitions, Actor actor, string name, string? exceptDefinitionId, CancellationToken ct) =>
        definitions.Query(actor.District).AnyAsync(d => d.IsLatest && d.Name == name && d.DefinitionId != exceptDefinitionId, ct);

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> GetByDefinitionIdAsync(
        string definitionId, ClaimsPrincipal user, WorkflowDefinitions definitions, CancellationToken ct, string? versionOptions = null)
    {
        var actor = Actor.FromPrincipal(user);
        var (record, badOptions) = await FindVersionAsync(definitions, actor, definitionId, versionOptions, ct);
        if (badOptions is not null)
        {
            return badOptions;
        }

        return record is null
            ? ApiProblems.NotFound($"没有流程 {definitionId} / No workflow definition {definitionId}")
            : TypedResults.Ok(ElsaDefinitionModel.ToModel(record, CanDesign(actor)));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetByIdAsync(
        string id, ClaimsPrincipal user, WorkflowDefinitions definitions, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        var record = await definitions.Query(actor.District).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        return record is null
            ? ApiProblems.NotFound($"没有流程版本 {id} / No workflow definition version {id}")
            : TypedResults.Ok(ElsaDefinitionModel.ToModel(record, CanDesign(actor)));
    }

    private static async Task<Ok<JsonObject>> GetManyByIdAsync(
        ClaimsPrincipal user, WorkflowDefinitions definitions, CancellationToken ct, [FromQuery] string[]? ids = null)
    {
        var actor = Actor.FromPrincipal(user);
        var wanted = ids ?? [];
        var records = await definitions.Query(actor.District).AsNoTracking().Where(d => wanted.Contains(d.Id)).ToListAsync(ct);
        return TypedResults.Ok(new JsonObject
        {
            ["items"] = new JsonArray(records.Select(r => (JsonNode)ElsaDefinitionModel.ToModel(r, CanDesign(actor))).ToArray()),
            ["count"] = records.Count,
        });
    }

    /// <summary>The model as a file, without the links and flags that belong to the viewer: importing it back recreates the same definition.</summary>
    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(
        string definitionId, ClaimsPrincipal user, WorkflowDefinitions definitions, CancellationToken ct, string? versionOptions = null)
    {
        var actor = Actor.FromPrincipal(user);
        var (record, badOptions) = await FindVersionAsync(definitions, actor, definitionId, versionOptions, ct);
        if (badOptions is not null)
        {
            return badOptions;
        }

        if (record is null)
        {
            return ApiProblems.NotFound($"没有流程 {definitionId} / No workflow definition {definitionId}");
        }

        var model = ElsaDefinitionModel.ToModel(record, canDesign: false);
        model.Remove("links");
        model.Remove("isReadonly");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(model, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return TypedResults.File(bytes, "application/json", $"{definitionId}-v{record.Version}.json");
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        SaveRequest request, ClaimsPrincipal user, WorkflowDefinitions definitions, AuditTrail audit, CancellationToken ct)
    {
        var publish = request.Publish is JsonValue p && (p.TryGetValue<bool>(out var b) ? b : bool.TryParse(p.ToString(), out var parsed) && parsed);
        var (result, problem) = await StoreAsync(request.Model, publish, Actor.FromPrincipal(user), definitions, audit, "workflow.saved", ct);
        return problem switch
        {
            ValidationProblem v => v,
            ProblemHttpResult h => h,
            _ => TypedResults.Ok(SaveResponse(result!, alreadyPublished: false)),
        };
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        JsonObject? model, ClaimsPrincipal user, WorkflowDefinitions definitions, AuditTrail audit, CancellationToken ct)
    {
        var (result, problem) = await StoreAsync(model, publish: false, Actor.FromPrincipal(user), definitions, audit, "workflow.imported", ct, importing: true);
        return problem switch
        {
            ValidationProblem v => v,
            ProblemHttpResult h => h,
            _ => TypedResults.Ok(ElsaDefinitionModel.ToModel(result!, canDesign: true)),
        };
    }

    /// <summary>
    /// Saves a model from the Studio: a new definition when it has no definition id (or, on import, an id no district
    /// uses), otherwise the latest draft in place or version n+1 after a published one.
    /// </summary>
    private static async Task<(WorkflowDefinitionRecord? Record, IResult? Problem)> StoreAsync(
        JsonObject? model, bool publish, Actor actor, WorkflowDefinitions definitions, AuditTrail audit, string action, CancellationToken ct, bool importing = false)
    {
        var errors = new FieldErrors();
        if (model is null)
        {
            return (null, errors.Add("model", "缺少流程定义 / model is required").ToProblem());
        }

        var name = ElsaDefinitionModel.Text(model["name"])?.Trim();
        errors.Required("model.name", name, "名称", "name");
        if (name is { Length: > 200 })
        {
            errors.Add("model.name", "名称不能超过 200 个字符 / name must be at most 200 characters");
        }

        var rootType = ElsaDefinitionModel.Text(model["root"]?["type"]);
        if (model["root"] is not JsonObject)
        {
            errors.Add("model.root", "缺少流程图 / root is required");
        }
        else if (rootType != WellKnownTypes.Flowchart)
        {
            errors.Add("model.root.type", $"只支持流程图(Elsa.Flowchart),不支持 {rootType} / Only flowcharts (Elsa.Flowchart) are supported, not {rootType}");
        }

        var definitionId = ElsaDefinitionModel.Text(model["definitionId"]) is { Length: > 0 } given ? given : null;
        if (definitionId is { Length: > 100 })
        {
            errors.Add("model.definitionId", "流程编号不能超过 100 个字符 / definitionId must be at most 100 characters");
        }

        if (errors.Any)
        {
            return (null, errors.ToProblem());
        }

        if (definitionId is not null && await definitions.FindLatestAsync(actor.District, definitionId, ct) is null)
        {
            if (!importing)
            {
                return (null, ApiProblems.NotFound($"没有流程 {definitionId} / No workflow definition {definitionId}"));
            }

            // An import keeps its id unless another district already uses it.
            if (await definitions.FindLatestAsync(null, definitionId, ct) is not null)
            {
                definitionId = null;
            }
        }

        if (await NameTakenAsync(definitions, actor, name!, definitionId, ct))
        {
            return (null, new FieldErrors().Add("model.name", $"名称“{name}”已被其他流程使用 / The name \"{name}\" is used by another workflow").ToProblem());
        }

        var stored = ElsaDefinitionModel.ToStored(model);
        var result = await definitions.SaveAsync(actor.District, definitionId, name!, ElsaDefinitionModel.Text(model["description"]),
            stored.ToJsonString(), publish, actor.Name,
            (db, record) => audit.Record(db, actor, publish ? "workflow.published" : action, "workflow-definition", record.Id, null,
                new { record.DefinitionId, record.Version, record.Name, status = record.Status.ToString(), via = "studio" }, actor.District),
            ct);
        return result.Succeeded ? (result.Record, null) : (null, ToProblem(result.Errors));
    }

    /// <summary>Definition errors as field errors under <c>model.</c>; the Studio shows their messages.</summary>
    private static ValidationProblem ToProblem(IReadOnlyList<DefinitionError> errors)
    {
        var fields = new FieldErrors();
        foreach (var error in errors)
        {
            // The validator's paths are relative to the flowchart; the model nests it under "root".
            var path = error.Path.StartsWith("root", StringComparison.Ordinal) || error.Path.StartsWith("variables", StringComparison.Ordinal)
                ? error.Path
                : error.Path.Length == 0 ? "root" : $"root.{error.Path}";
            fields.Add($"model.{path}", error.Message);
        }

        return fields.ToProblem("流程定义有误,未发布 / The definition is invalid and was not published");
    }

    private static JsonObject SaveResponse(WorkflowDefinitionRecord record, bool alreadyPublished) => new()
    {
        ["workflowDefinition"] = ElsaDefinitionModel.ToModel(record, canDesign: true),
        ["alreadyPublished"] = alreadyPublished,
        ["consumingWorkflowCount"] = 0,
    };

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string definitionId, ClaimsPrincipal user, WorkflowDefinitions definitions, AuditTrail audit, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        if (await definitions.FindLatestAsync(actor.District, definitionId, ct) is null)
        {
            return ApiProblems.NotFound($"没有流程 {definitionId} / No workflow definition {definitionId}");
        }

        var result = await Publish(definitions, audit, actor, definitionId, ct);
        return result.Succeeded ? TypedResults.Ok(SaveResponse(result.Record!, result.AlreadyPublished)) : ToProblem(result.Errors);
    }

    private static Task<DefinitionSaveResult> Publish(WorkflowDefinitions definitions, AuditTrail audit, Actor actor, string definitionId, CancellationToken ct) =>
        definitions.PublishAsync(actor.District, definitionId,
            (db, record) => audit.Record(db, actor, "workflow.published", "workflow-definition", record.Id, null,
                new { record.DefinitionId, record.Version, via = "studio" }, actor.District),
            ct);

    private static Task<WorkflowDefinitionRecord?> Retract(WorkflowDefinitions definitions, AuditTrail audit, Actor actor, string definitionId, CancellationToken ct) =>
        definitions.RetractAsync(actor.District, definitionId,
            (db, r) => audit.Record(db, actor, "workflow.retracted", "workflow-definition", r.Id,
                new { status = "Published" }, new { status = "Retracted", via = "studio" }, actor.District),
            ct);

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> RetractAsync(
        string definitionId, ClaimsPrincipal user, WorkflowDefinitions definitions, AuditTrail audit, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        if (await definitions.FindLatestAsync(actor.District, definitionId, ct) is null)
        {
            return ApiProblems.NotFound($"没有流程 {definitionId} / No workflow definition {definitionId}");
        }

        var record = await Retract(definitions, audit, actor, definitionId, ct);
        return record is null
            ? new FieldErrors().Add("definitionId", "此流程没有已发布的版本 / This workflow has no published version to retract").ToProblem()
            : TypedResults.Ok(ElsaDefinitionModel.ToModel(record, canDesign: true));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string definitionId, ClaimsPrincipal user, WorkflowDefinitions definitions, AuditTrail audit, CancellationToken ct)
    {
        var deleted = await Delete(definitions, audit, Actor.FromPrincipal(user), definitionId, ct);
        return deleted switch
        {
            null => ApiProblems.Conflict($"流程 {definitionId} 已有实例,不能删除;请撤销发布 / Workflow {definitionId} has instances and cannot be deleted; retract it instead"),
            0 => ApiProblems.NotFound($"没有流程 {definitionId} / No workflow definition {definitionId}"),
            _ => TypedResults.NoContent(),
        };
    }

    private static Task<int?> Delete(WorkflowDefinitions definitions, AuditTrail audit, Actor actor, string definitionId, CancellationToken ct) =>
        definitions.DeleteAsync(actor.District, definitionId,
            (db, versions) => audit.Record(db, actor, "workflow.deleted", "workflow-definition", definitionId,
                new { versions = versions.Select(v => v.Version).ToArray(), name = versions[0].Name }, null, actor.District),
            ct);

    private static async Task<Results<Ok<JsonObject>, ValidationProblem>> BulkPublishAsync(
        DefinitionIdsRequest request, ClaimsPrincipal user, WorkflowDefinitions definitions, AuditTrail audit, CancellationToken ct)
    {
        if (request.DefinitionIds is not { Length: > 0 } ids)
        {
            return new FieldErrors().Add("definitionIds", "至少选择一个流程 / definitionIds must list at least one workflow").ToProblem();
        }

        var actor = Actor.FromPrincipal(user);
        var (published, already, notFound) = (new JsonArray(), new JsonArray(), new JsonArray());
        var invalid = new FieldErrors();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (await definitions.FindLatestAsync(actor.District, id, ct) is null)
            {
                notFound.Add(id);
                continue;
            }

            var result = await Publish(definitions, audit, actor, id, ct);
            if (!result.Succeeded)
            {
                foreach (var error in result.Errors)
                {
                    invalid.Add($"{id}.{error.Path}", error.Message);
                }
            }
            else
            {
                (result.AlreadyPublished ? already : published).Add(id);
            }
        }

        return invalid.Any
            ? invalid.ToProblem("部分流程有误,未发布 / Some workflows are invalid and were not published")
            : TypedResults.Ok(new JsonObject { ["published"] = published, ["alreadyPublished"] = already, ["notFound"] = notFound, ["updatedConsumers"] = new JsonArray() });
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem>> BulkRetractAsync(
        DefinitionIdsRequest request, ClaimsPrincipal user, WorkflowDefinitions definitions, AuditTrail audit, CancellationToken ct)
    {
        if (request.DefinitionIds is not { Length: > 0 } ids)
        {
            return new FieldErrors().Add("definitionIds", "至少选择一个流程 / definitionIds must list at least one workflow").ToProblem();
        }

        var actor = Actor.FromPrincipal(user);
        var (retracted, already, notFound) = (new JsonArray(), new JsonArray(), new JsonArray());
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (await definitions.FindLatestAsync(actor.District, id, ct) is null)
            {
                notFound.Add(id);
            }
            else
            {
                (await Retract(definitions, audit, actor, id, ct) is null ? already : retracted).Add(id);
            }
        }

        return TypedResults.Ok(new JsonObject { ["retracted"] = retracted, ["alreadyRetracted"] = already, ["notFound"] = notFound });
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> BulkDeleteAsync(
        DefinitionIdsRequest request, ClaimsPrincipal user, WorkflowDefinitions definitions, AuditTrail audit, CancellationToken ct)
    {
        if (request.DefinitionIds is not { Length: > 0 } ids)
        {
            return new FieldErrors().Add("definitionIds", "至少选择一个流程 / definitionIds must list at least one workflow").ToProblem();
        }

        var actor = Actor.FromPrincipal(user);
        var inUse = new List<string>();
        var deleted = 0L;
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            var result = await Delete(definitions, audit, actor, id, ct);
            if (result is null)
            {
                inUse.Add(id);
            }
            else if (result > 0)
            {
                deleted++;
            }
        }

        return inUse.Count > 0
            ? ApiProblems.Conflict($"{string.Join("、", inUse)} 已有实例,未删除(已删除 {deleted} 个)/ {string.Join(", ", inUse)} have instances and were not deleted ({deleted} deleted)")
            : TypedResults.Ok(new JsonObject { ["deleted"] = deleted });
    }
}
