using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Escalation;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Activities.Human;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Violations;

/// <summary>
/// What the violation workflow's activities share: the case the instance runs for (input <c>caseId</c>), its history
/// and the human tasks that put each step into the right inbox.
/// </summary>
public abstract class ViolationActivity : AdmissionActivity
{
    /// <summary>The case this instance runs for; faults when the instance has none.</summary>
    protected static async Task<ViolationCase> CaseAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Guid.TryParse(context.Instance.Input["caseId"]?.ToString(), out var id))
        {
            throw new ActivityFaultException("流程输入缺少 caseId / The instance's input has no caseId");
        }

        var db = Db(context);
        return db.ChangeTracker.Entries<ViolationCase>().FirstOrDefault(e => e.Entity.Id == id)?.Entity
            ?? await db.Set<ViolationCase>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new ActivityFaultException($"没有举报案件 {id} / There is no violation case {id}");
    }

    /// <summary>A human task about the case in the inbox of a role within a scope.</summary>
    protected static BookmarkRequest CaseTask(
        Text title, ViolationCase @case, string role, string scope, IReadOnlyList<string> outcomes, DateTimeOffset? dueAt, string form,
        IReadOnlyList<string> reasonRequiredFor, string? unit = null) =>
        new(HumanTask.Stimulus, Payload: new JsonObject
        {
            ["title"] = title.ToString(),
            ["description"] = $"{@case.ReportedUnit}:{@case.What}",
            ["assigneeRole"] = role,
            ["assigneeScope"] = scope,
            ["outcomes"] = new JsonArray(outcomes.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
            ["dueAt"] = dueAt?.ToString("O"),
            ["form"] = form,
            ["reasonRequiredFor"] = new JsonArray(reasonRequiredFor.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
            ["unit"] = unit,
            ["context"] = new JsonObject
            {
                ["caseId"] = @case.Id.ToString(),
                ["reportedUnit"] = @case.ReportedUnit,
                ["street"] = @case.Street,
                ["community"] = @case.Community,
                ["admissionNumber"] = @case.AdmissionNumber,
            },
        });

    /// <summary>A step's deadline passed: the district's supervisor is alerted once per key and the history notes it.</summary>
    protected static async Task<ActivityResult> EscalateAsync(
        ActivityContext context, ViolationCase @case, string step, Text alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(@case);
        var db = Db(context);
        await Alerts.RaiseAsync(db, $"violation-{step}:{@case.Id}", @case.District, AlertKind.Escalation, "supervisor", @case.District, null,
            alert, context.Now, @case.DueAt, cancellationToken);
        ViolationLog.Note(db, @case, $"{step}-overdue", alert, "system", context.Now);
        return new ActivityResult.Absorb($"{step} overdue; still waiting");
    }

    /// <summary>The task bookmarks of this activity still open (the one being resumed is already removed).</summary>
    protected static int OpenTasks(ActivityContext context) =>
        context?.Instance.Bookmarks.Count(b => b.ActivityId == context.Node.Id && b.Stimulus == HumanTask.Stimulus) ?? 0;

    protected static string? DataText(Resumption resumption, string field) => Data(resumption)?[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>Moves a case and writes its history line, in the caller's transaction.</summary>
public static class ViolationLog
{
    public static void Move(DbContext db, ViolationCase @case, ViolationStatus status, string kind, Text text, string actor, DateTimeOffset now, DateTimeOffset? dueAt)
    {
        ArgumentNullException.ThrowIfNull(@case);
        @case.Status = status;
        @case.DueAt = dueAt;
        if (status is ViolationStatus.Closed or ViolationStatus.Dismissed)
        {
            @case.ClosedAt = now;
            @case.DutyOfficer = null;
        }

        Note(db, @case, kind, text, actor, now);
    }

    public static void Note(DbContext db, ViolationCase @case, string kind, Text text, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(@case);
        db.Add(new ViolationEvent { CaseId = @case.Id, District = @case.District, Kind = kind, Actor = actor, TextZh = text.Zh, TextEn = text.En, At = now });
    }
}
