using TaskRouting.Platform.Http;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Workflows.Runtime.Definitions;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.Api;

/// <summary>Workflow definitions of the caller's district: read by workflow readers, saved and published by designers.</summary>
internal static class WorkflowDefinitionEndpoints
{
    public sealed record DefinitionSummary(string DefinitionId, int Version, string Name, string? Description, string Status, bool IsLatest,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, string? District);

    public sealed record DefinitionDetail(DefinitionSummary Summary, JsonNode? Definition);

    public sealed record MigrateRequest(int? FromVersion, int? ToVersion, bool DryRun = true);

    public sealed record SaveDefinitionRequest(string? DefinitionId, string? Name, string? Description, JsonObject? Definition, bool Publish);

    public static RouteGroupBuilder MapWorkflowDefinitions(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows/definitions").WithTags("Workflow definitions");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.WorkflowReader);
        group.MapGet("/{definitionId}", GetAsync).RequireAuthorization(Policies.WorkflowReader);
        group.MapPost("/", SaveAsync).RequireAuthorization(Policies.Designer);
        group.MapPost("/{definitionId}/publish", PublishAsync).RequireAuthorization(Policies.Designer);
        group.MapPost("/{definitionId}/retract", RetractAsync).RequireAuthorization(Policies.Designer);
        group.MapPost("/{definitionId}/migrate", MigrateAsync).RequireAuthorization(Policies.Operator);
        return group;
    }

    internal static DefinitionSummary ToSummary(WorkflowDefinitionRecord d) =>
        new(d.DefinitionId, d.Version, d.Name, d.Description, d.Status.ToString(), d.IsLatest, d.CreatedAt, d.UpdatedAt, d.PublishedAt, d.Tenant);

    /// <summary>Definition errors as field errors keyed by their path in the definition.</summary>
    internal static ValidationProblem ToProblem(IReadOnlyList<DefinitionError> errors)
    {
        var fields = new FieldErrors();
        foreach (var error in errors)
        {
            fields.Add(error.Path.Length == 0 ? "definition" : $"definition.{error.Path}", error.Message);
        }

        return fields.ToProblem("流程定义有误,未保存 / The definition is invalid and was not saved");
    }

    private static async Task<Ok<List<DefinitionSummary>>> ListAsync(ClaimsPrincipal user, WorkflowDefinitions definitions, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        var latest = await definitions.Query(actor.District).AsNoTracking().Where(d => d.IsLatest).OrderBy(d => d.Name).ToListAsync(ct);
        return TypedResults.Ok(latest.Select(ToSummary).ToList());
    }

    private static async Task<Results<Ok<DefinitionDetail>, ProblemHttpResult>> GetAsync(
        string definitionId, ClaimsPrincipal user, WorkflowDefinitions definitions, CancellationToken ct, int? version = null)
    {
        var actor = Actor.FromPrincipal(user);
        var record = version is { } v
            ? await definitions.FindVersionAsync(actor.District, definitionId, v, ct)
            : await definitions.FindLatestAsync(actor.District, definitionId, ct);
        return record is null
            ? ApiProblems.NotFound($"没有流程 {definitionId} / No workflow definition {definitionId}")
            : TypedResults.Ok(new DefinitionDetail(ToSummary(record), JsonNode.Parse(record.Json)));
    }

    private static async Task<Results<Ok<DefinitionSummary>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        SaveDefinitionRequest request, ClaimsPrincipal user, WorkflowDefinitions definitions, AuditTrail audit, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        var errors = new FieldErrors().Required("name", request.Name, "名称", "name");
        if (request.Name is { Length: > 200 })
        {
            errors.Add("name", "名称不能超过 200 个字符 / name must be at most 200 characters");
        }

        if (request.Definition is null)
        {
            errors.Add("definition", "缺少流程定义 / definition is required");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (request.DefinitionId is not null && await definitions.FindLatestAsync(actor.District, request.DefinitionId, ct) is null)
        {
            return ApiProblems.NotFound($"没有流程 {request.DefinitionId} / No workflow definition {request.DefinitionId}");
        }

        var result = await definitions.SaveAsync(actor.District, request.DefinitionId, request.Name!.Trim(), request.Description,
            request.Definition!.ToJsonString(), request.Publish, actor.Name,
            (db, record) => audit.Record(db, actor, request.Publish ? "workflow.published" : "workflow.saved", "workflow-definition",
                record.Id, null, new { record.DefinitionId, record.Version, record.Name, status = record.Status.ToString() }, actor.District),
            ct);
        return result.Succeeded ? TypedResults.Ok(ToSummary(result.Record!)) : ToProblem(result.Errors);
    }

    private static async Task<Results<Ok<DefinitionSummary>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string definitionId, ClaimsPrincipal user, WorkflowDefinitions definitions, AuditTrail audit, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        if (await definitions.FindLatestAsync(actor.District, definitionId, ct) is null)
        {
            return ApiProblems.NotFound($"没有流程 {definitionId} / No workflow definition {definitionId}");
        }

        var result = await definitions.PublishAsync(actor.District, definitionId,
            (db, record) => audit.Record(db, actor, "workflow.published", "workflow-definition", record.Id, null,
                new { record.DefinitionId, record.Version }, actor.District),
            ct);
        return result.Succeeded ? TypedResults.Ok(ToSummary(result.Record!)) : ToProblem(result.Errors);
    }

    /// <summary>Moves running instances from one version to another; a dry run (the default) only reports.</summary>
    private static async Task<Results<Ok<MigrationReport>, ValidationProblem>> MigrateAsync(
        string definitionId, MigrateRequest request, ClaimsPrincipal user, WorkflowInstances instances, AuditTrail audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.FromVersion is not > 0)
        {
            errors.Add("fromVersion", "须为正整数 / fromVersion must be a positive number");
        }

        if (request.ToVersion is not > 0)
        {
            errors.Add("toVersion", "须为正整数 / toVersion must be a positive number");
        }
        else if (request.ToVersion == request.FromVersion)
        {
            errors.Add("toVersion", "目标版本须不同于原版本 / toVersion must differ from fromVersion");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var actor = Actor.FromPrincipal(user);
        var report = await instances.MigrateAsync(actor.District, definitionId, request.FromVersion!.Value, request.ToVersion!.Value, request.DryRun, actor.Name,
            (db, burst) => audit.Record(db, actor, "workflow.instance-migrated", "workflow-instance", burst.State.InstanceId,
                new { version = request.FromVersion }, new { version = request.ToVersion }, actor.District),
            ct);
        return report.Valid ? TypedResults.Ok(report) : new FieldErrors().Add("toVersion", report.Error!).ToProblem();
    }

    private static async Task<Results<Ok<DefinitionSummary>, ProblemHttpResult>> RetractAsync(
        string definitionId, ClaimsPrincipal user, WorkflowDefinitions definitions, AuditTrail audit, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        var record = await definitions.RetractAsync(actor.District, definitionId,
            (db, r) => audit.Record(db, actor, "workflow.retracted", "workflow-definition", r.Id,
                new { status = "Published" }, new { status = "Retracted" }, actor.District),
            ct);
        return record is null
            ? ApiProblems.NotFound($"流程 {definitionId} 没有已发布的版本 / Workflow {definitionId} has no published version")
            : TypedResults.Ok(ToSummary(record));
    }
}
