using TaskRouting.Platform.Http;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Server.Data;
using TaskRouting.Workflows.Runtime.Execution;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.Api;

/// <summary>Workflow instances of the caller's district: start, list, inspect (journal, bookmarks, incidents), retry, cancel, terminate.</summary>
internal static class WorkflowInstanceEndpoints
{
    public sealed record StartRequest(string? DefinitionId, JsonObject? Input, string? CorrelationId);

    public sealed record StopRequest(string? Reason);

    public sealed record ResumeRequest(JsonNode? Payload);

    public sealed record EventRequest(string? Name, string? CorrelationKey, JsonNode? Payload);

    public sealed record InstanceSummary(string Id, string DefinitionId, int DefinitionVersion, string Status, string? CorrelationId,
        int IncidentCount, string? District, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt);

    public sealed record BookmarkView(string Id, string ActivityId, string Stimulus, string? CorrelationKey, DateTimeOffset? DueAt, JsonNode? Payload);

    public sealed record InstanceDetail(InstanceSummary Instance, IReadOnlyDictionary<string, JsonNode?> Variables,
        IReadOnlyList<BookmarkView> Bookmarks, IReadOnlyList<Incident> Incidents, IReadOnlyList<JournalEntry> Journal);

    public sealed record InstancePage(IReadOnlyList<InstanceSummary> Items, int Total, int Page, int PageSize);

    public sealed record TriggerResult(int Resumed, IReadOnlyList<string> Instances);

    public static RouteGroupBuilder MapWorkflowInstances(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows").WithTags("Workflow instances");
        group.MapPost("/instances", StartAsync).RequireAuthorization(Policies.WorkflowAdmin);
        group.MapGet("/instances", ListAsync).RequireAuthorization(Policies.WorkflowReader);
        group.MapGet("/instances/{id}", GetAsync).RequireAuthorization(Policies.WorkflowReader);
        group.MapPost("/instances/{id}/incidents/{incidentId}/retry", RetryAsync).RequireAuthorization(Policies.Operator);
        group.MapPost("/instances/{id}/cancel", (string id, StopRequest request, ClaimsPrincipal user, TaskRoutingDbContext db, WorkflowInstances instances, AuditTrail audit, CancellationToken ct)
            => StopAsync(id, terminate: false, request, user, db, instances, audit, ct)).RequireAuthorization(Policies.WorkflowAdmin);
        group.MapPost("/instances/{id}/terminate", (string id, StopRequest request, ClaimsPrincipal user, TaskRoutingDbContext db, WorkflowInstances instances, AuditTrail audit, CancellationToken ct)
            => StopAsync(id, terminate: true, request, user, db, instances, audit, ct)).RequireAuthorization(Policies.Operator);
        group.MapPost("/bookmarks/{bookmarkId}/resume", ResumeAsync).RequireAuthorization(Policies.Operator);
        group.MapPost("/events", TriggerAsync).RequireAuthorization(Policies.Operator);
        return group;
    }

    internal static InstanceSummary ToSummary(WorkflowInstanceRecord i) =>
        new(i.Id, i.DefinitionId, i.DefinitionVersion, i.Status.ToString(), i.CorrelationId, i.IncidentCount, i.Tenant, i.CreatedAt, i.UpdatedAt, i.FinishedAt);

    /// <summary>The instance if the caller's district owns it (a platform admin sees all).</summary>
    internal static Task<WorkflowInstanceRecord?> FindVisibleAsync(TaskRoutingDbContext db, Actor actor, string id, CancellationToken ct) =>
        db.Set<WorkflowInstanceRecord>().AsNoTracking()
            .FirstOrDefaultAsync(i => i.Id == id && (actor.IsPlatformAdmin || i.Tenant == actor.District), ct);

    private static async Task<Results<Created<InstanceSummary>, ValidationProblem, ProblemHttpResult>> StartAsync(
        StartRequest request, ClaimsPrincipal user, WorkflowInstances instances, AuditTrail audit, CancellationToken ct)
    {
        var errors = new FieldErrors().Required("definitionId", request.DefinitionId, "流程编号", "definitionId");
        if (request.CorrelationId is { Length: > 200 })
        {
            errors.Add("correlationId", "关联号不能超过 200 个字符 / correlationId must be at most 200 characters");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var actor = Actor.FromPrincipal(user);
        var result = await instances.StartAsync(actor.District, request.DefinitionId!, request.Input, request.CorrelationId, actor.Name,
            (db, burst) => audit.Record(db, actor, "workflow.instance-started", "workflow-instance", burst.State.InstanceId, null,
                new { burst.State.DefinitionId, burst.State.DefinitionVersion, burst.State.CorrelationId, status = burst.State.Status.ToString() }, actor.District),
            ct);
        return result.Outcome == InstanceOutcome.Applied
            ? TypedResults.Created($"/api/workflows/instances/{result.Instance!.Id}", ToSummary(result.Instance))
            : ApiProblems.NotFound(result.Reason ?? "not found");
    }

    private static async Task<Results<Ok<InstancePage>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct,
        string? status = null, string? definitionId = null, int? version = null, string? correlationId = null,
        bool? hasIncidents = null, int page = 1, int pageSize = 50)
    {
        var errors = new FieldErrors();
        WorkflowStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<WorkflowStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add("status", $"状态须为 {string.Join("、", Enum.GetNames<WorkflowStatus>())} / status must be one of {string.Join(", ", Enum.GetNames<WorkflowStatus>())}");
            }
        }

        errors.Paging(page, pageSize);

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

        if (wanted is { } w)
        {
            query = query.Where(i => i.Status == w);
        }

        if (definitionId is not null)
        {
            query = query.Where(i => i.DefinitionId == definitionId);
        }

        if (version is { } v)
        {
            query = query.Where(i => i.DefinitionVersion == v);
        }

        if (correlationId is not null)
        {
            query = query.Where(i => i.CorrelationId == correlationId);
        }

        if (hasIncidents is { } incidents)
        {
            query = incidents ? query.Where(i => i.IncidentCount > 0) : query.Where(i => i.IncidentCount == 0);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(i => i.UpdatedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new InstancePage(items.Select(ToSummary).ToList(), total, page, pageSize));
    }

    private static async Task<Results<Ok<InstanceDetail>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct)
    {
        var instance = await FindVisibleAsync(db, Actor.FromPrincipal(user), id, ct);
        if (instance is null)
        {
            return ApiProblems.NotFound($"没有流程实例 {id} / No workflow instance {id}");
        }

        var state = StateSerializer.Deserialize(instance.StateJson);
        var journal = JournalRecords.Entries(await db.Set<JournalRecord>().AsNoTracking().Where(j => j.InstanceId == id).ToListAsync(ct)).ToList();
        var bookmarks = state.Bookmarks.Select(b => new BookmarkView(b.Id, b.ActivityId, b.Stimulus, b.CorrelationKey, b.DueAt, b.Payload)).ToList();
        return TypedResults.Ok(new InstanceDetail(ToSummary(instance), state.Variables, bookmarks, state.Incidents, journal));
    }

    private static async Task<Results<Ok<InstanceSummary>, ProblemHttpResult>> RetryAsync(
        string id, string incidentId, ClaimsPrincipal user, TaskRoutingDbContext db, WorkflowInstances instances, AuditTrail audit, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        var instance = await FindVisibleAsync(db, actor, id, ct);
        if (instance is null)
        {
            return ApiProblems.NotFound($"没有流程实例 {id} / No workflow instance {id}");
        }

        var result = await instances.RetryIncidentAsync(id, incidentId, actor.Name,
            (ctx, burst) => audit.Record(ctx, actor, "workflow.incident-retried", "workflow-instance", id,
                new { incidentId }, new { status = burst.State.Status.ToString() }, instance.Tenant),
            ct);
        return Answer(result, $"实例 {id} 没有故障 {incidentId} / Instance {id} has no incident {incidentId}");
    }

    private static async Task<Results<Ok<InstanceSummary>, ProblemHttpResult>> StopAsync(
        string id, bool terminate, StopRequest request, ClaimsPrincipal user, TaskRoutingDbContext db, WorkflowInstances instances, AuditTrail audit, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        var instance = await FindVisibleAsync(db, actor, id, ct);
        if (instance is null)
        {
            return ApiProblems.NotFound($"没有流程实例 {id} / No workflow instance {id}");
        }

        var result = await instances.StopAsync(id, terminate, request.Reason, actor.Name,
            (ctx, burst) => audit.Record(ctx, actor, terminate ? "workflow.instance-terminated" : "workflow.instance-cancelled", "workflow-instance", id,
                new { status = instance.Status.ToString() }, new { status = burst.State.Status.ToString(), reason = request.Reason }, instance.Tenant),
            ct);
        return Answer(result, $"实例 {id} 已结束 / Instance {id} has already ended");
    }

    private static async Task<Results<Ok<InstanceSummary>, ProblemHttpResult>> ResumeAsync(
        string bookmarkId, ResumeRequest request, ClaimsPrincipal user, TaskRoutingDbContext db, WorkflowInstances instances, AuditTrail audit, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        var bookmark = await db.Set<BookmarkRecord>().AsNoTracking()
            .FirstOrDefaultAsync(b => b.Id == bookmarkId && (actor.IsPlatformAdmin || b.Tenant == actor.District), ct);
        if (bookmark is null)
        {
            return ApiProblems.NotFound($"没有等待点 {bookmarkId}(可能已恢复) / No bookmark {bookmarkId} (it may have been resumed already)");
        }

        var result = await instances.ResumeAsync(bookmarkId, request.Payload, actor.Name,
            (ctx, burst) => audit.Record(ctx, actor, "workflow.bookmark-resumed", "workflow-instance", bookmark.InstanceId,
                new { bookmarkId }, new { status = burst.State.Status.ToString() }, bookmark.Tenant),
            ct);
        return Answer(result, $"等待点 {bookmarkId} 已恢复 / Bookmark {bookmarkId} was already resumed");
    }

    private static async Task<Results<Ok<TriggerResult>, ValidationProblem>> TriggerAsync(
        EventRequest request, ClaimsPrincipal user, WorkflowInstances instances, AuditTrail audit, CancellationToken ct)
    {
        var errors = new FieldErrors().Required("name", request.Name, "事件名", "name");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var actor = Actor.FromPrincipal(user);
        var tenant = actor.IsPlatformAdmin ? null : actor.District;
        var results = await instances.TriggerAsync(tenant, request.Name!, request.CorrelationKey, request.Payload, actor.Name,
            (ctx, burst) => audit.Record(ctx, actor, "workflow.event-delivered", "workflow-instance", burst.State.InstanceId,
                null, new { request.Name, request.CorrelationKey, status = burst.State.Status.ToString() }, tenant),
            ct);
        var resumed = results.Where(r => r.Outcome == InstanceOutcome.Applied).Select(r => r.Instance!.Id).ToList();
        return TypedResults.Ok(new TriggerResult(resumed.Count, resumed));
    }

    private static Results<Ok<InstanceSummary>, ProblemHttpResult> Answer(InstanceResult result, string notApplicable) => result.Outcome switch
    {
        InstanceOutcome.Applied => TypedResults.Ok(ToSummary(result.Instance!)),
        InstanceOutcome.NotFound => ApiProblems.NotFound(result.Reason ?? "not found"),
        _ => ApiProblems.Conflict($"{notApplicable} ({result.Reason})"),
    };
}
