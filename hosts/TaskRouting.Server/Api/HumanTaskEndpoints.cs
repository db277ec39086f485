using TaskRouting.Platform.Http;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Server.Data;
using TaskRouting.Workflows.Runtime.Activities.Human;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.Api;

/// <summary>
/// The human-task inbox: the open tasks assigned to one of the caller's roles within the caller's scope, and
/// completing one with an outcome and a comment. A task outside the caller's role or scope does not exist for them.
/// </summary>
internal static class HumanTaskEndpoints
{
    public sealed record TaskView(string Id, string InstanceId, string ActivityId, string Title, string? Description,
        string AssigneeRole, string? AssigneeScope, IReadOnlyList<string> Outcomes, DateTimeOffset? DueAt, DateTimeOffset CreatedAt,
        string? Form, IReadOnlyList<string> ReasonRequiredFor, JsonObject? Context);

    /// <summary>Completes a task: the outcome, a comment (the reason, required for some outcomes) and the task form's data.</summary>
    public sealed record CompleteRequest(string? Outcome, string? Comment, JsonObject? Data);

    public static RouteGroupBuilder MapHumanTasks(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows/tasks").WithTags("Human tasks").RequireAuthorization(Policies.Authenticated);
        group.MapGet("/", ListAsync);
        group.MapPost("/{id}/complete", CompleteAsync);
        return group;
    }

    /// <summary>Open human tasks the actor may see and complete.</summary>
    internal static IQueryable<BookmarkRecord> Assigned(TaskRoutingDbContext db, Actor actor)
    {
        var roles = actor.Roles.Select(r => r.ToString().ToLowerInvariant()).ToList();
        var scopes = new[] { actor.District, actor.Department, actor.Street, actor.Community }.OfType<string>().ToList();
        return db.Set<BookmarkRecord>().AsNoTracking()
            .Where(b => b.Stimulus == HumanTask.Stimulus
                && b.AssigneeRole != null && roles.Contains(b.AssigneeRole.ToLower())
                && b.Tenant == actor.District
                && (b.AssigneeScope == null || scopes.Contains(b.AssigneeScope)));
    }

    private static TaskView ToView(BookmarkRecord b)
    {
        var payload = b.PayloadJson is null ? new JsonObject() : JsonNode.Parse(b.PayloadJson)!.AsObject();
        return new TaskView(b.Id, b.InstanceId, b.ActivityId,
            payload["title"]?.GetValue<string>() ?? b.ActivityId,
            payload["description"]?.GetValue<string>(),
            b.AssigneeRole ?? "", b.AssigneeScope,
            payload["outcomes"]?.AsArray().Select(o => o!.GetValue<string>()).ToList() ?? [],
            DateTimeOffset.TryParse(payload["dueAt"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var due) ? due : null,
            b.CreatedAt,
            payload["form"]?.GetValue<string>(),
            payload["reasonRequiredFor"]?.AsArray().Select(o => o!.GetValue<string>()).ToList() ?? [],
            payload["context"]?.DeepClone().AsObject());
    }

    private static async Task<Ok<List<TaskView>>> ListAsync(ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct)
    {
        var tasks = await Assigned(db, Actor.FromPrincipal(user)).OrderBy(b => b.CreatedAt).Take(500).ToListAsync(ct);
        return TypedResults.Ok(tasks.Select(ToView).ToList());
    }

    private static async Task<Results<Ok<WorkflowInstanceEndpoints.InstanceSummary>, ValidationProblem, ProblemHttpResult>> CompleteAsync(
        string id, CompleteRequest request, ClaimsPrincipal user, TaskRoutingDbContext db, WorkflowInstances instances, AuditTrail audit,
        IEnumerable<IHumanTaskCompletionCheck> checks, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        var task = await Assigned(db, actor).FirstOrDefaultAsync(b => b.Id == id, ct);
        if (task is null)
        {
            return ApiProblems.NotFound($"没有待办 {id},或已办结 / No open task {id} (it may have been completed already)");
        }

        var view = ToView(task);
        var errors = new FieldErrors().Required("outcome", request.Outcome, "办理结果", "outcome");
        if (request.Outcome is { Length: > 0 } outcome && !view.Outcomes.Contains(outcome, StringComparer.Ordinal))
        {
            errors.Add("outcome", $"办理结果须为 {string.Join("、", view.Outcomes)} 之一 / outcome must be one of {string.Join(", ", view.Outcomes)}");
        }

        if (request.Comment is { Length: > 2000 })
        {
            errors.Add("comment", "意见不能超过 2000 个字符 / comment must be at most 2000 characters");
        }

        if (!errors.Any)
        {
            var taskPayload = task.PayloadJson is null ? new JsonObject() : JsonNode.Parse(task.PayloadJson)!.AsObject();
            var completion = new HumanTaskCompletion(id, task.InstanceId, task.Tenant, taskPayload, request.Outcome!, request.Comment,
                request.Data, actor.Name);
            if (completion.ReasonRequired && string.IsNullOrWhiteSpace(request.Comment))
            {
                errors.Add("comment", $"选择 {request.Outcome} 时须说明理由 / a reason (comment) is required for {request.Outcome}");
            }

            var found = new List<KeyValuePair<string, string>>();
            foreach (var check in checks.Where(c => string.Equals(c.Form, completion.Form, StringComparison.Ordinal)))
            {
                await check.CheckAsync(completion, found, ct);
            }

            foreach (var (field, message) in found)
            {
                errors.Add(field, message);
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var payload = new JsonObject { ["outcome"] = request.Outcome, ["comment"] = request.Comment, ["data"] = request.Data?.DeepClone() };
        var result = await instances.ResumeAsync(id, payload, actor.Name,
            (ctx, burst) => audit.Record(ctx, actor, "workflow.task-completed", "workflow-instance", task.InstanceId,
                new { task = id, view.Title }, new { outcome = request.Outcome, comment = request.Comment, data = request.Data?.ToJsonString(), status = burst.State.Status.ToString() }, task.Tenant),
            ct);
        return result.Outcome == InstanceOutcome.Applied
            ? TypedResults.Ok(WorkflowInstanceEndpoints.ToSummary(result.Instance!))
            : ApiProblems.Conflict($"待办 {id} 已办结 / Task {id} was completed already ({result.Reason})");
    }
}
