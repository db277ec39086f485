using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Activities.Human;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Lifecycle;

/// <summary>
/// What the admission activities share: the application the instance runs for (input <c>applicationId</c>), the
/// database context of the burst (their changes commit with it), the working-day calendar and the human-task
/// bookmarks that put a task into someone's inbox.
/// </summary>
public abstract class AdmissionActivity : WorkflowActivity
{
    /// <summary>The stimulus of a deadline timer (swept like any timer: it has a due time).</summary>
    public const string DeadlineStimulus = "Deadline";

    protected static DbContext Db(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Services.GetRequiredService<DbContext>();
    }

    /// <summary>The application this instance runs for; faults when the instance has none.</summary>
    protected static async Task<Application> ApplicationAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = context.Instance.Input["applicationId"]?.ToString();
        if (!Guid.TryParse(text, out var id))
        {
            throw new ActivityFaultException("流程输入缺少 applicationId / The instance's input has no applicationId");
        }

        var db = Db(context);
        return db.ChangeTracker.Entries<Application>().FirstOrDefault(e => e.Entity.Id == id)?.Entity
            ?? await db.Set<Application>().FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new ActivityFaultException($"没有申请 {id} / There is no application {id}");
    }

    protected static WorkingDayCalendar Calendar(ActivityContext context) =>
        context.Services.GetRequiredService<CalendarStore>().Current;

    /// <summary>The end of the working day n working days from now; a year without calendar data faults (never guessed).</summary>
    protected static DateTimeOffset WorkingDaysFromNow(ActivityContext context, int workingDays)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return Calendar(context).AddWorkingDays(context.Now, workingDays, null).ToUniversalTime();
        }
        catch (CalendarUnavailableException ex)
        {
            throw new ActivityFaultException(ex.Message, ex);
        }
    }

    /// <summary>An input in working days, at least <paramref name="min"/>.</summary>
    protected static int Days(ActivityContext context, string input, int min = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = context.Get<int?>(input) ?? throw new ActivityFaultException($"缺少输入 {input} / Input {input} is required");
        return value >= min ? value : throw new ActivityFaultException($"输入 {input} 不能小于 {min} / Input {input} must be at least {min}");
    }

    /// <summary>A human task in the inbox of a role within a scope, with the form that checks its completion.</summary>
    protected static BookmarkRequest InboxTask(
        Text title, Text description, string role, string? scope, IReadOnlyList<string> outcomes, DateTimeOffset? dueAt, string form,
        IReadOnlyList<string> reasonRequiredFor, Application application) =>
        new(HumanTask.Stimulus, Payload: new JsonObject
        {
            ["title"] = title.ToString(),
            ["description"] = description.ToString(),
            ["assigneeRole"] = role,
            ["assigneeScope"] = scope,
            ["outcomes"] = new JsonArray(outcomes.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
            ["dueAt"] = dueAt?.ToString("O"),
            ["form"] = form,
            ["reasonRequiredFor"] = new JsonArray(reasonRequiredFor.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
            ["context"] = new JsonObject
            {
                ["applicationId"] = application.Id.ToString(),
                ["applicationTitle"] = application.Title,
                ["department"] = application.Department,
                ["burdenFlagged"] = application.BurdenFlagged,
            },
        });

    /// <summary>A deadline timer of this activity, fired by the timer sweep when due.</summary>
    protected static BookmarkRequest Deadline(DateTimeOffset dueAt, string step) =>
        new(DeadlineStimulus, DueAt: dueAt, Payload: new JsonObject { ["step"] = step });

    /// <summary>
    /// A task's deadline passed: alerts the district's supervisor (once per key), notes it in the history when a
    /// note is given, and keeps waiting for the task.
    /// </summary>
    protected static async Task<ActivityResult> EscalateOverdueAsync(
        ActivityContext context, Application application, string key, Text alert, (string Kind, Text Text)? note, DateTimeOffset? dueAt,
        string waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(application);
        var db = Db(context);
        await Escalation.Alerts.RaiseAsync(db, key, application.District, Escalation.AlertKind.Escalation, "supervisor", application.District,
            application.Id, alert, context.Now, dueAt, cancellationToken);
        if (note is { } n)
        {
            ApplicationLog.Note(db, application, n.Kind, n.Text, "system", context.Now);
        }

        return new ActivityResult.Absorb(waiting);
    }

    protected static bool IsDeadline(Resumption resumption) =>
        string.Equals(resumption?.Bookmark.Stimulus, DeadlineStimulus, StringComparison.Ordinal);

    protected static string? Step(Resumption resumption) => resumption?.Bookmark.Payload?["step"]?.GetValue<string>();

    protected static string? Outcome(Resumption resumption) => resumption?.Payload?["outcome"]?.GetValue<string>();

    protected static string? Comment(Resumption resumption) => resumption?.Payload?["comment"]?.GetValue<string>();

    protected static JsonObject? Data(Resumption resumption) => resumption?.Payload?["data"] as JsonObject;

    protected static string Who(ActivityContext context, Resumption? resumption) => resumption?.Actor ?? context?.Actor ?? "system";

    protected static ValueTask<ActivityResult> Done(string port) => ValueTask.FromResult(ActivityResult.Outcome(port));
}
