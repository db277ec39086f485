using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Escalation;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;
using TaskRouting.Server.Data;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.Api;

/// <summary>
/// What the inspection office (督查室) does with an open alert of its district besides resolving it: remind the
/// addressee again, reassign it to one person of the district who holds the right role, or extend the deadline it is
/// about (with a reason). Each is audited in the transaction that makes the change; a deadline kept by a workflow
/// (a timer or a human task's due time) moves with its bookmark row and the instance's state.
/// </summary>
internal static class AlertActionEndpoints
{
    public sealed record RemindBody(string? Note);

    public sealed record ReassignBody(string? UserName, string? Reason);

    public sealed record ExtendBody(DateTimeOffset? DueAt, string? Reason, string? BookmarkId);

    public sealed record Assignee(string UserName, string DisplayName, IReadOnlyList<Role> Roles);

    /// <summary>The deadline an alert is about: the workflow bookmark that keeps it (if any) and its due time.</summary>
    public sealed record AlertDeadline(DateTimeOffset? DueAt, string? BookmarkId, string? InstanceId, string? ActivityId, string? Kind);

    public sealed record ExtendResult(Alert Alert, AlertDeadline Before, AlertDeadline After);

    public static RouteGroupBuilder MapAlertActions(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/alerts").WithTags("Admission work").RequireAuthorization(Policies.Supervisor);
        alerts.MapGet("/{id:guid}/assignees", (Guid id, ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct) =>
            DomainResults.RunAsync(() => AssigneesAsync(db, Actor.FromPrincipal(user), id, ct), TypedResults.Ok));
        alerts.MapGet("/{id:guid}/deadline", (Guid id, ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct) =>
            DomainResults.RunAsync(async () => await DeadlineAsync(db, await OpenAlertAsync(db, Actor.FromPrincipal(user), id, ct), null, ct), TypedResults.Ok));
        alerts.MapPost("/{id:guid}/remind", (Guid id, RemindBody? body, ClaimsPrincipal user, TaskRoutingDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct) =>
            DomainResults.RunAsync(() => RemindAsync(db, audit, time, Actor.FromPrincipal(user), id, body?.Note, ct), TypedResults.Ok));
        alerts.MapPost("/{id:guid}/reassign", (Guid id, ReassignBody? body, ClaimsPrincipal user, TaskRoutingDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct) =>
            DomainResults.RunAsync(() => ReassignAsync(db, audit, time, Actor.FromPrincipal(user), id, body, ct), TypedResults.Ok));
        alerts.MapPost("/{id:guid}/extend", (Guid id, ExtendBody? body, ClaimsPrincipal user, TaskRoutingDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct) =>
            DomainResults.RunAsync(() => ExtendAsync(db, audit, time, Actor.FromPrincipal(user), id, body, ct), TypedResults.Ok));
        return alerts;
    }

    /// <summary>An open alert of the caller's district; 404 for another district's, 409 when resolved already.</summary>
    private static async Task<Alert> OpenAlertAsync(TaskRoutingDbContext db, Actor actor, Guid id, CancellationToken ct)
    {
        var alert = await db.Set<Alert>().FirstOrDefaultAsync(a => a.Id == id && a.District == actor.District, ct)
            ?? throw DomainRejection.Missing($"没有提醒 {id} / There is no alert {id}");
        return alert.ResolvedAt is null ? alert : throw DomainRejection.StateConflict("该提醒已处理 / The alert was resolved already");
    }

    /// <summary>The roles a person must hold to take over the alert: its own role, or office/supervisor for a person's or duty officer's alert.</summary>
    private static Role[] RightRoles(Alert alert) =>
        Enum.TryParse<Role>(alert.TargetRole, ignoreCase: true, out var role) && !int.TryParse(alert.TargetRole, out _)
            ? [role]
            : [Role.Office, Role.Supervisor];

    /// <summary>The district's active users who may take the alert over, and for a unit's alert only that unit's.</summary>
    private static async Task<List<Assignee>> AssigneesAsync(TaskRoutingDbContext db, Actor actor, Guid id, CancellationToken ct)
    {
        var alert = await OpenAlertAsync(db, actor, id, ct);
        return (await CandidatesAsync(db, alert, ct)).Select(u => new Assignee(u.UserName, u.DisplayName, u.Roles)).ToList();
    }

    private static async Task<List<UserAccount>> CandidatesAsync(TaskRoutingDbContext db, Alert alert, CancellationToken ct)
    {
        var roles = RightRoles(alert);
        var users = await db.Set<UserAccount>().AsNoTracking().Where(u => u.DistrictCode == alert.District && !u.Disabled).OrderBy(u => u.UserName).ToListAsync(ct);
        return users.Where(u => u.Roles.Any(roles.Contains) && InScope(u, alert)).ToList();
    }

    private static bool InScope(UserAccount user, Alert alert) => alert.TargetRole switch
    {
        "department" => alert.TargetScope is null || user.DepartmentCode == alert.TargetScope,
        "street" => alert.TargetScope is null || user.StreetCode == alert.TargetScope,
        "community" => alert.TargetScope is null || user.CommunityCode == alert.TargetScope,
        _ => true,
    };

    /// <summary>
    /// Reminds the addressee again. An escalation addressed to the inspection office itself is about someone else's
    /// work, so its reminder goes to them: the addressees of the same application's other open alerts, else the
    /// application's department; for a violation case, the department reported.
    /// </summary>
    private static async Task<List<Alert>> RemindAsync(TaskRoutingDbContext db, AuditTrail audit, TimeProvider time, Actor actor, Guid id, string? note, CancellationToken ct)
    {
        if (note is { Length: > 500 })
        {
            throw DomainRejection.Invalid("note", "附言不能超过 500 个字符 / note must be at most 500 characters");
        }

        var alert = await OpenAlertAsync(db, actor, id, ct);
        var targets = await RemindTargetsAsync(db, alert, ct);
        if (targets.Count == 0)
        {
            throw DomainRejection.StateConflict("此提醒没有可再次提醒的承办单位 / There is nobody else to remind for this alert");
        }

        var now = time.GetUtcNow();
        var prefix = $"reminder:{alert.Id}:";
        var count = await db.Set<Alert>().CountAsync(a => a.Key.StartsWith(prefix), ct);
        var extra = string.IsNullOrWhiteSpace(note) ? ("", "") : ($"(附言:{note.Trim()})", $" (note: {note.Trim()})");
        var reminders = new List<Alert>();
        foreach (var (role, scope) in targets)
        {
            var street = role == "community"
                ? await db.Set<Community>().Where(c => c.Code == scope && c.DistrictCode == alert.District).Select(c => c.StreetCode).FirstOrDefaultAsync(ct)
                : null;
            var key = $"{prefix}{count + 1}:{role}:{scope}";
            await Alerts.RaiseAsync(db, key, alert.District, AlertKind.Reminder, role, scope, alert.ApplicationId,
                new($"督查室再次提醒:{alert.TextZh}{extra.Item1}", $"Reminder from the inspection office: {alert.TextEn}{extra.Item2}"), now, alert.DueAt, ct, street);
            reminders.Add(db.ChangeTracker.Entries<Alert>().Single(e => e.Entity.Key == key).Entity);
        }

        audit.Record(db, actor, "alert.reminded", "alert", alert.Id.ToString(), null,
            new { reminders = reminders.Select(r => new { r.Id, r.TargetRole, r.TargetScope }), note, number = count + 1 }, alert.District);
        await audit.SaveChangesAsync(db, ct);
        return reminders;
    }

    private static async Task<List<(string Role, string? Scope)>> RemindTargetsAsync(TaskRoutingDbContext db, Alert alert, CancellationToken ct)
    {
        if (alert.TargetRole != "supervisor")
        {
            return [(alert.TargetRole, alert.TargetScope)];
        }

        if (alert.ApplicationId is { } applicationId)
        {
            var others = await db.Set<Alert>().AsNoTracking()
                .Where(a => a.ApplicationId == applicationId && a.District == alert.District && a.ResolvedAt == null && a.TargetRole != "supervisor" && !a.Key.StartsWith("reminder:"))
                .Select(a => new { a.TargetRole, a.TargetScope }).Distinct().ToListAsync(ct);
            if (others.Count > 0)
            {
                return others.Select(o => (o.TargetRole, o.TargetScope)).ToList();
            }

            var department = await db.Set<Activities.Lifecycle.Application>().Where(a => a.Id == applicationId).Select(a => a.Department).FirstOrDefaultAsync(ct);
            return department is null ? [] : [("department", department)];
        }

        var ids = Correlations(alert).Select(Guid.Parse).ToList();
        var units = await db.Set<Activities.Violations.ViolationCase>().Where(c => ids.Contains(c.Id) && c.District == alert.District).Select(c => c.ReportedUnit).ToListAsync(ct);
        return units.Distinct().Select(u => ("department", (string?)u)).ToList();
    }

    private static async Task<Alert> ReassignAsync(TaskRoutingDbContext db, AuditTrail audit, TimeProvider time, Actor actor, Guid id, ReassignBody? body, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(body?.UserName))
        {
            errors.Add(new("userName", "请选择转办给谁 / Choose whom to reassign it to"));
        }

        if (body?.Reason is { Length: > 500 })
        {
            errors.Add(new("reason", "理由不能超过 500 个字符 / reason must be at most 500 characters"));
        }

        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var alert = await OpenAlertAsync(db, actor, id, ct);
        var userName = body!.UserName!.Trim();
        var user = (await CandidatesAsync(db, alert, ct)).FirstOrDefault(u => u.UserName == userName)
            ?? throw DomainRejection.Invalid("userName",
                $"{userName} 不是本区可承办此提醒的用户(须具备 {string.Join("/", RightRoles(alert).Select(r => r.ToString().ToLowerInvariant()))} 角色)/ {userName} is not a user of this district who may take this alert over (role {string.Join("/", RightRoles(alert).Select(r => r.ToString().ToLowerInvariant()))})");
        if (alert.TargetRole is Alerts.PersonRole or Activities.Violations.ViolationFollowUp.DutyRole && alert.TargetScope == user.UserName)
        {
            throw DomainRejection.Invalid("userName", $"提醒已经交给 {user.UserName} / The alert is with {user.UserName} already");
        }

        var now = time.GetUtcNow();
        var reason = string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason.Trim();
        var moved = new Alert
        {
            Id = Guid.CreateVersion7(now), Key = $"reassigned:{alert.Id}:{now.UtcTicks}", District = alert.District, Kind = alert.Kind,
            TargetRole = Alerts.PersonRole, TargetScope = user.UserName, ApplicationId = alert.ApplicationId,
            TextZh = $"{alert.TextZh}(督查室 {actor.Name} 转办{(reason is null ? "" : ":" + reason)})",
            TextEn = $"{alert.TextEn} (reassigned by {actor.Name} of the inspection office{(reason is null ? "" : ": " + reason)})",
            CreatedAt = now, DueAt = alert.DueAt,
        };
        db.Add(moved);
        alert.ResolvedAt = now;
        alert.ResolvedBy = actor.Name;
        audit.Record(db, actor, "alert.reassigned", "alert", alert.Id.ToString(), new { alert.TargetRole, alert.TargetScope },
            new { TargetRole = Alerts.PersonRole, TargetScope = user.UserName, alert = moved.Id, reason }, alert.District);
        await audit.SaveChangesAsync(db, ct);
        return moved;
    }

    private static async Task<ExtendResult> ExtendAsync(TaskRoutingDbContext db, AuditTrail audit, TimeProvider time, Actor actor, Guid id, ExtendBody? body, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var now = time.GetUtcNow();
        if (string.IsNullOrWhiteSpace(body?.Reason))
        {
            errors.Add(new("reason", "延期须说明理由 / An extension needs a reason"));
        }
        else if (body.Reason.Length > 1000)
        {
            errors.Add(new("reason", "理由不能超过 1000 个字符 / reason must be at most 1000 characters"));
        }

        if (body?.DueAt is null)
        {
            errors.Add(new("dueAt", "请填写新的期限 / The new deadline is required"));
        }
        else if (body.DueAt <= now)
        {
            errors.Add(new("dueAt", "新的期限须晚于现在 / The new deadline must be in the future"));
        }

        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var alert = await OpenAlertAsync(db, actor, id, ct);
        var before = await DeadlineAsync(db, alert, body!.BookmarkId, ct);
        var dueAt = body.DueAt!.Value.ToUniversalTime();
        if (before.DueAt is null)
        {
            throw DomainRejection.Invalid("dueAt", "此提醒没有可延期的期限 / This alert has no deadline to extend");
        }

        if (dueAt <= before.DueAt)
        {
            throw DomainRejection.Invalid("dueAt",
                $"新的期限须晚于当前期限 {before.DueAt.Value.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} / The new deadline must be after the current one ({before.DueAt.Value.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} China time)");
        }

        if (before.BookmarkId is not null)
        {
            await MoveDeadlineAsync(db, alert, before, dueAt, now, ct);
        }

        alert.DueAt = dueAt;
        var after = before with { DueAt = dueAt };
        audit.Record(db, actor, "alert.deadline-extended", "alert", alert.Id.ToString(), before, new { after.DueAt, after.BookmarkId, after.InstanceId, reason = body.Reason!.Trim() }, alert.District);
        try
        {
            await audit.SaveChangesAsync(db, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainRejection.StateConflict("流程实例刚刚被更新,请刷新后重试 / The workflow instance changed meanwhile; reload and try again");
        }

        return new ExtendResult(alert, before, after);
    }

    /// <summary>
    /// The deadline of the alert: the earliest waiting timer or human task due time of the workflow instances the alert
    /// concerns (correlated by its application, or by the case or application id in its key), else the alert's own.
    /// A timer is named before a human task with the same due time (the timer is what fires).
    /// </summary>
    private static async Task<AlertDeadline> DeadlineAsync(TaskRoutingDbContext db, Alert alert, string? bookmarkId, CancellationToken ct)
    {
        var bookmarks = await DeadlineBookmarksAsync(db, alert, ct);
        if (bookmarkId is not null)
        {
            var chosen = bookmarks.FirstOrDefault(x => x.Bookmark.Id == bookmarkId);
            return chosen.Bookmark is null
                ? throw DomainRejection.Invalid("bookmarkId", $"此提醒的流程没有期限 {bookmarkId} / The alert's workflow has no deadline {bookmarkId}")
                : Describe(chosen.Bookmark, chosen.Due);
        }

        var earliest = bookmarks.OrderBy(x => x.Due).ThenBy(x => x.Bookmark.DueAt is null).FirstOrDefault();
        return earliest.Bookmark is null ? new AlertDeadline(alert.DueAt, null, null, null, null) : Describe(earliest.Bookmark, earliest.Due);
    }

    private static async Task<List<(BookmarkRecord Bookmark, DateTimeOffset? Due)>> DeadlineBookmarksAsync(TaskRoutingDbContext db, Alert alert, CancellationToken ct)
    {
        var correlations = Correlations(alert);
        var instances = await db.Set<WorkflowInstanceRecord>().AsNoTracking()
            .Where(i => i.Tenant == alert.District && i.CorrelationId != null && correlations.Contains(i.CorrelationId) && i.FinishedAt == null)
            .Select(i => i.Id).ToListAsync(ct);
        return (await db.Set<BookmarkRecord>().AsNoTracking().Where(b => instances.Contains(b.InstanceId)).ToListAsync(ct))
            .Select(b => (Bookmark: b, Due: b.DueAt ?? PayloadDue(b.PayloadJson)))
            .Where(x => x.Due is not null)
            .ToList();
    }

    /// <summary>The ids an alert's workflow may be correlated by: its application, and any id in its key (a case's, an application's).</summary>
    private static List<string> Correlations(Alert alert) =>
        alert.Key.Split(':').Where(p => Guid.TryParse(p, out _)).Append(alert.ApplicationId?.ToString()).OfType<string>().Distinct().ToList();

    private static AlertDeadline Describe(BookmarkRecord bookmark, DateTimeOffset? due) =>
        new(due, bookmark.Id, bookmark.InstanceId, bookmark.ActivityId, bookmark.DueAt is null ? "human-task" : "timer");

    private static DateTimeOffset? PayloadDue(string? payloadJson) =>
        payloadJson is null || JsonNode.Parse(payloadJson)?["dueAt"] is not JsonValue value || !value.TryGetValue<string>(out var text)
            ? null
            : DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Moves the deadline: every bookmark of the same instance due at the same time (the timer that fires and the task
    /// that shows the due date) in its row and in the instance's state, with a new revision so a concurrent burst
    /// conflicts; and the application's or case's shown deadline when it was the same time.
    /// </summary>
    private static async Task MoveDeadlineAsync(TaskRoutingDbContext db, Alert alert, AlertDeadline deadline, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken ct)
    {
        var same = (await DeadlineBookmarksAsync(db, alert, ct)).Where(x => x.Bookmark.InstanceId == deadline.InstanceId && x.Due == deadline.DueAt).Select(x => x.Bookmark.Id).ToList();
        var rows = await db.Set<BookmarkRecord>().Where(b => same.Contains(b.Id)).ToListAsync(ct);
        var instance = await db.Set<WorkflowInstanceRecord>().FirstAsync(i => i.Id == deadline.InstanceId, ct);
        var state = StateSerializer.Deserialize(instance.StateJson);
        foreach (var row in rows)
        {
            var timer = row.DueAt is not null;
            if (timer)
            {
                row.DueAt = dueAt;
            }
            else
            {
                var payload = JsonNode.Parse(row.PayloadJson!)!.AsObject();
                payload["dueAt"] = dueAt.ToString("O");
                row.PayloadJson = payload.ToJsonString();
            }

            var index = state.Bookmarks.FindIndex(b => b.Id == row.Id);
            if (index >= 0)
            {
                var kept = state.Bookmarks[index];
                var statePayload = kept.Payload?.DeepClone().AsObject();
                if (!timer && statePayload is not null)
                {
                    statePayload["dueAt"] = dueAt.ToString("O");
                }

                state.Bookmarks[index] = kept with { DueAt = timer ? dueAt : kept.DueAt, Payload = statePayload };
            }
        }

        instance.StateJson = StateSerializer.Serialize(state);
        instance.Revision++;
        instance.UpdatedAt = now;

        if (alert.ApplicationId is { } applicationId
            && await db.Set<Activities.Lifecycle.Application>().FirstOrDefaultAsync(a => a.Id == applicationId, ct) is { } application
            && application.WaitingUntil == deadline.DueAt)
        {
            application.WaitingUntil = dueAt;
        }

        var ids = Correlations(alert).Select(Guid.Parse).ToList();
        foreach (var @case in await db.Set<Activities.Violations.ViolationCase>().Where(c => ids.Contains(c.Id) && c.District == alert.District).ToListAsync(ct))
        {
            if (@case.DueAt == deadline.DueAt)
            {
                @case.DueAt = dueAt;
            }

            if (@case.CorrectionDueAt == deadline.DueAt)
            {
                @case.CorrectionDueAt = dueAt;
            }
        }
    }
}
