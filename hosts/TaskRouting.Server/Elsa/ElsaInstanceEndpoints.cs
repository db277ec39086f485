using TaskRouting.Platform.Http;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Server.Api;
using TaskRouting.Server.Data;
using TaskRouting.Workflows.Runtime.Execution;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.Elsa;

/// <summary>
/// Instances for the Studio's <c>elsa-workflow-instance-list</c> and <c>elsa-workflow-instance-viewer</c>: the list
/// with Elsa's filters, one instance with its state and incidents, the journal, and activity executions derived from
/// it (the path taken, coloured on the canvas). District-scoped; cancelling needs a workflow admin. Instances are
/// never deleted: they are the record of what was done to an application.
/// </summary>
internal static class ElsaInstanceEndpoints
{
    public sealed record ListRequest(
        int? Page, int? PageSize, string? SearchTerm, string? DefinitionId, string[]? DefinitionIds, string? CorrelationId, int? Version,
        bool? HasIncidents, string? Status, string[]? Statuses, string? SubStatus, string[]? SubStatuses, string? OrderBy, string? OrderDirection);

    public sealed record JournalFilter(string[]? ActivityIds, string[]? ActivityNodeIds, string[]? ExcludedActivityTypes, string[]? EventNames);

    public sealed record JournalRequest(JournalFilter? Filter);

    public sealed record ReportRequest(string? WorkflowInstanceId, string[]? ActivityNodeIds);

    public sealed record IdsRequest(string[]? Ids);

    public static RouteGroupBuilder MapElsaInstances(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-instances", ListAsync);
        api.MapGet("/workflow-instances/{id}", (string id, ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct) =>
            WithView(db, user, id, ct, view => view.Instance()));
        api.MapGet("/workflow-instances/{id}/execution-state", (string id, ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct) =>
            WithView(db, user, id, ct, view =>
            {
                var summary = ElsaInstanceView.Summary(view.Record);
                return new JsonObject
                {
                    ["status"] = summary["status"]!.DeepClone(),
                    ["subStatus"] = summary["subStatus"]!.DeepClone(),
                    ["workflowSubStatus"] = summary["subStatus"]!.DeepClone(),
                    ["updatedAt"] = view.Record.UpdatedAt,
                };
            }));
        api.MapGet("/workflow-instances/{id}/variables", VariablesAsync);
        api.MapPost("/workflow-instances/{id}/journal", JournalAsync);
        api.MapPost("/activity-executions/report", ReportAsync);
        api.MapGet("/activity-execution-summaries/list", (ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct,
            [FromQuery(Name = "WorkflowInstanceId")] string? workflowInstanceId, [FromQuery(Name = "ActivityNodeId")] string? activityNodeId) =>
            ExecutionsAsync(user, db, workflowInstanceId, activityNodeId, full: false, ct));
        api.MapGet("/activity-executions/list", (ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct,
            [FromQuery(Name = "WorkflowInstanceId")] string? workflowInstanceId, [FromQuery(Name = "ActivityNodeId")] string? activityNodeId) =>
            ExecutionsAsync(user, db, workflowInstanceId, activityNodeId, full: true, ct));
        api.MapGet("/activity-executions/by-id", (ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct, string? id) =>
            ExecutionAsync(user, db, id, ct, (view, e) => view.ExecutionRecord(e)));
        api.MapGet("/activity-executions/{id}/call-stack", (string id, ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct) =>
            ExecutionAsync(user, db, id, ct, (view, e) => new JsonObject
            {
                ["activityExecutionId"] = e.Id,
                ["items"] = new JsonArray(view.ExecutionRecord(e)),
                ["totalCount"] = 1,
            }));
        api.MapPost("/cancel/workflow-instances/{id}", (string id, ClaimsPrincipal user, TaskRoutingDbContext db, WorkflowInstances instances, AuditTrail audit, CancellationToken ct) =>
            CancelAsync([id], user, db, instances, audit, ct)).RequireAuthorization(Policies.WorkflowAdmin);
        api.MapPost("/bulk-actions/cancel/workflow-instances", (IdsRequest request, ClaimsPrincipal user, TaskRoutingDbContext db, WorkflowInstances instances, AuditTrail audit, CancellationToken ct) =>
            CancelAsync(request.Ids ?? [], user, db, instances, audit, ct)).RequireAuthorization(Policies.WorkflowAdmin);
        api.MapDelete("/workflow-instances/{id}", () => KeptForTheRecord());
        api.MapPost("/bulk-actions/delete/workflow-instances/by-id", () => KeptForTheRecord());
        return api;
    }

    private static ProblemHttpResult KeptForTheRecord() =>
        ApiProblems.Conflict("流程实例是办理记录,不能删除;可以取消 / Workflow instances are the record of what was done and cannot be deleted; cancel them instead");

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> WithView(
        TaskRoutingDbContext db, ClaimsPrincipal user, string id, CancellationToken ct, Func<ElsaInstanceView, JsonObject> answer)
    {
        var view = await ElsaInstanceView.LoadAsync(db, Actor.FromPrincipal(user), id, ct);
        return view is null ? ApiProblems.NotFound($"没有流程实例 {id} / No workflow instance {id}") : TypedResults.Ok(answer(view));
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem>> ListAsync(
        ListRequest? request, ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct)
    {
        request ??= new ListRequest(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        var errors = new FieldErrors();
        if (request.Page is < 0)
        {
            errors.Add("page", "页码从 0 开始 / page starts at 0");
        }

        if (request.PageSize is < 1 or > 500)
        {
            errors.Add("pageSize", "每页 1–500 条 / pageSize must be 1–500");
        }

        var statuses = Statuses(errors, "statuses", request.Statuses, request.Status);
        var subStatuses = Statuses(errors, "subStatuses", request.SubStatuses, request.SubStatus);
        if (request.OrderBy is not (null or "Created" or "LastExecuted" or "Finished" or "Name"))
        {
            errors.Add("orderBy", "排序字段只能是 Created、LastExecuted、Finished 或 Name / orderBy must be Created, LastExecuted, Finished or Name");
        }

        if (request.OrderDirection is not (null or "Ascending" or "Descending"))
        {
            errors.Add("orderDirection", "排序方向只能是 Ascending 或 Descending / orderDirection must be Ascending or Descending");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var actor = Actor.FromPrincipal(user);
        var query = db.Set<WorkflowInstanceRecord>().AsNoTracking();
        if (!actor.IsPlatformAdmin)
        {
            query = query.Where(i => i.Tenant == actor.District);
        }

        if (statuses is not null)
        {
            query = query.Where(i => statuses.Contains(i.Status));
        }

        if (subStatuses is not null)
        {
            query = query.Where(i => subStatuses.Contains(i.Status));
        }

        var definitionIds = (request.DefinitionIds ?? []).Concat(request.DefinitionId is null ? [] : [request.DefinitionId]).ToArray();
        if (definitionIds.Length > 0)
        {
            query = query.Where(i => definitionIds.Contains(i.DefinitionId));
        }

        if (request.Version is { } version)
        {
            query = query.Where(i => i.DefinitionVersion == version);
        }

        if (!string.IsNullOrWhiteSpace(request.CorrelationId))
        {
            query = query.Where(i => i.CorrelationId == request.CorrelationId);
        }

        if (request.HasIncidents is { } incidents)
        {
            query = incidents ? query.Where(i => i.IncidentCount > 0) : query.Where(i => i.IncidentCount == 0);
        }

        if (!string.IsNullOrWhiteSpace(request.SearchTerm))
        {
            var term = request.SearchTerm.Trim();
            query = query.Where(i => i.Id == term || i.DefinitionId == term || i.CorrelationId == term);
        }

        var descending = request.OrderDirection != "Ascending";
        query = request.OrderBy switch
        {
            "LastExecuted" => descending ? query.OrderByDescending(i => i.UpdatedAt) : query.OrderBy(i => i.UpdatedAt),
            "Finished" => descending ? query.OrderByDescending(i => i.FinishedAt) : query.OrderBy(i => i.FinishedAt),
            _ => descending ? query.OrderByDescending(i => i.CreatedAt) : query.OrderBy(i => i.CreatedAt),
        };
        var size = request.PageSize ?? 10;
        var total = await query.CountAsync(ct);
        var rows = await query.Skip((request.Page ?? 0) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new JsonObject
        {
            ["items"] = new JsonArray(rows.Select(r => (JsonNode)ElsaInstanceView.Summary(r)).ToArray()),
            ["totalCount"] = total,
        });
    }

    private static WorkflowStatus[]? Statuses(FieldErrors errors, string field, string[]? values, string? single)
    {
        var all = (values ?? []).Concat(single is null ? [] : [single]).ToList();
        if (all.Count == 0)
        {
            return null;
        }

        var selected = new List<WorkflowStatus>();
        foreach (var value in all)
        {
            if (ElsaInstanceView.FromElsa(value) is { } statuses)
            {
                selected.AddRange(statuses);
            }
            else
            {
                errors.Add(field, $"未知状态 {value} / Unknown status {value}");
            }
        }

        return [.. selected.Distinct()];
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> VariablesAsync(
        string id, ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct)
    {
        var view = await ElsaInstanceView.LoadAsync(db, Actor.FromPrincipal(user), id, ct);
        if (view is null)
        {
            return ApiProblems.NotFound($"没有流程实例 {id} / No workflow instance {id}");
        }

        // The viewer joins these with the definition's variables by id; the runtime keeps them by name.
        var definition = await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .FirstAsync(d => d.DefinitionId == view.Record.DefinitionId && d.Version == view.Record.DefinitionVersion, ct);
        var declared = (ElsaDefinitionModel.Normalise(definition.Json)["variables"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(v => (Id: ElsaDefinitionModel.Text(v["id"]), Name: ElsaDefinitionModel.Text(v["name"])))
            .Where(v => v.Name is not null)
            .ToDictionary(v => v.Name!, v => v.Id ?? v.Name!, StringComparer.Ordinal);
        var items = view.State.Variables.Select(kv => (JsonNode)new JsonObject
        {
            ["id"] = declared.GetValueOrDefault(kv.Key, kv.Key),
            ["name"] = kv.Key,
            ["value"] = kv.Value?.DeepClone(),
        }).ToArray();
        return TypedResults.Ok(new JsonObject { ["items"] = new JsonArray(items), ["count"] = items.Length });
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> JournalAsync(
        string id, JournalRequest? request, ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct, int? skip = null, int? take = null)
    {
        var errors = new FieldErrors();
        if (skip is < 0)
        {
            errors.Add("skip", "不能为负数 / skip cannot be negative");
        }

        if (take is < 0 or > 1000)
        {
            errors.Add("take", "须为 0–1000 / take must be 0–1000");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var view = await ElsaInstanceView.LoadAsync(db, Actor.FromPrincipal(user), id, ct);
        if (view is null)
        {
            return ApiProblems.NotFound($"没有流程实例 {id} / No workflow instance {id}");
        }

        var filter = request?.Filter;
        var lines = view.Log()
            .Where(l => filter?.ActivityNodeIds is null || filter.ActivityNodeIds.Contains(ElsaDefinitionModel.Text(l["nodeId"])))
            .Where(l => filter?.ActivityIds is null || filter.ActivityIds.Contains(ElsaDefinitionModel.Text(l["activityId"])))
            .Where(l => filter?.ExcludedActivityTypes is null || !filter.ExcludedActivityTypes.Contains(ElsaDefinitionModel.Text(l["activityType"])))
            .Where(l => filter?.EventNames is null || filter.EventNames.Contains(ElsaDefinitionModel.Text(l["eventName"])))
            .ToList();
        var page = lines.Skip(skip ?? 0).Take(take ?? 100).Select(l => (JsonNode)l).ToArray();
        return TypedResults.Ok(new JsonObject { ["items"] = new JsonArray(page), ["totalCount"] = lines.Count });
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> ReportAsync(
        ReportRequest request, ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.WorkflowInstanceId))
        {
            return new FieldErrors().Required("workflowInstanceId", request.WorkflowInstanceId, "流程实例", "workflowInstanceId").ToProblem();
        }

        var view = await ElsaInstanceView.LoadAsync(db, Actor.FromPrincipal(user), request.WorkflowInstanceId, ct);
        if (view is null)
        {
            return ApiProblems.NotFound($"没有流程实例 {request.WorkflowInstanceId} / No workflow instance {request.WorkflowInstanceId}");
        }

        var wanted = request.ActivityNodeIds?.ToHashSet(StringComparer.Ordinal);
        var stats = view.Executions
            .Where(e => wanted is null || wanted.Contains(e.NodeId))
            .GroupBy(e => e.NodeId, StringComparer.Ordinal)
            .Select(g =>
            {
                var last = g.Last();
                return (JsonNode)new JsonObject
                {
                    ["activityId"] = last.ActivityId,
                    ["activityNodeId"] = g.Key,
                    ["startedCount"] = g.Count(),
                    ["completedCount"] = g.Count(e => e.CompletedAt is not null && e.Status == "Completed"),
                    ["uncompletedCount"] = g.Count(e => e.CompletedAt is null),
                    ["isBlocked"] = last.HasBookmarks,
                    ["isFaulted"] = last.Status == "Faulted",
                    ["aggregateFaultCount"] = g.Count(e => e.Status == "Faulted"),
                    ["metadata"] = null,
                };
            })
            .ToArray();
        return TypedResults.Ok(new JsonObject { ["stats"] = new JsonArray(stats) });
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> ExecutionsAsync(
        ClaimsPrincipal user, TaskRoutingDbContext db, string? workflowInstanceId, string? activityNodeId, bool full, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(workflowInstanceId))
        {
            return new FieldErrors().Required("workflowInstanceId", workflowInstanceId, "流程实例", "WorkflowInstanceId").ToProblem();
        }

        var view = await ElsaInstanceView.LoadAsync(db, Actor.FromPrincipal(user), workflowInstanceId, ct);
        if (view is null)
        {
            return ApiProblems.NotFound($"没有流程实例 {workflowInstanceId} / No workflow instance {workflowInstanceId}");
        }

        var items = view.Executions
            .Where(e => activityNodeId is null || e.NodeId == activityNodeId)
            .Select(e => (JsonNode)(full ? view.ExecutionRecord(e) : view.ExecutionSummary(e)))
            .ToArray();
        return TypedResults.Ok(new JsonObject { ["items"] = new JsonArray(items), ["count"] = items.Length });
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> ExecutionAsync(
        ClaimsPrincipal user, TaskRoutingDbContext db, string? id, CancellationToken ct, Func<ElsaInstanceView, ElsaInstanceView.Execution, JsonObject> answer)
    {
        // Execution ids are "{instanceId}:e{sequence}".
        var separator = id?.LastIndexOf(":e", StringComparison.Ordinal) ?? -1;
        if (id is null || separator <= 0)
        {
            return new FieldErrors().Add("id", "不是活动执行编号 / id is not an activity execution id").ToProblem();
        }

        var view = await ElsaInstanceView.LoadAsync(db, Actor.FromPrincipal(user), id[..separator], ct);
        var execution = view?.Executions.FirstOrDefault(e => e.Id == id);
        return view is null || execution is null
            ? ApiProblems.NotFound($"没有活动执行 {id} / No activity execution {id}")
            : TypedResults.Ok(answer(view, execution));
    }

    private static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        string[] ids, ClaimsPrincipal user, TaskRoutingDbContext db, WorkflowInstances instances, AuditTrail audit, CancellationToken ct)
    {
        if (ids.Length == 0)
        {
            return new FieldErrors().Add("ids", "至少选择一个实例 / ids must list at least one instance").ToProblem();
        }

        var actor = Actor.FromPrincipal(user);
        var cancelled = 0;
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            var instance = await WorkflowInstanceEndpoints.FindVisibleAsync(db, actor, id, ct);
            if (instance is null)
            {
                if (ids.Length == 1)
                {
                    return ApiProblems.NotFound($"没有流程实例 {id} / No workflow instance {id}");
                }

                continue;
            }

            var result = await instances.StopAsync(id, terminate: false, "Elsa Studio", actor.Name,
                (ctx, burst) => audit.Record(ctx, actor, "workflow.instance-cancelled", "workflow-instance", id,
                    new { status = instance.Status.ToString() }, new { status = burst.State.Status.ToString(), via = "studio" }, instance.Tenant),
                ct);
            if (result.Outcome == InstanceOutcome.Applied)
            {
                cancelled++;
            }
        }

        return TypedResults.Ok(new JsonObject { ["cancelledCount"] = cancelled });
    }
}
