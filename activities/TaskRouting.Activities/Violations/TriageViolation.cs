using System.Text.Json.Nodes;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Violations;

/// <summary>
/// The committee office triages a report: accepts it as a case and says whose remit it is (the street, one
/// department, several departments: the remit sets the "123" answer deadline), or dismisses it with a reason.
/// </summary>
[Activity("TaskRouting.Accountability.Triage",
    CategoryZh = "问责", CategoryEn = "Accountability",
    DisplayNameZh = "办公室分办", DisplayNameEn = "Triage",
    DescriptionZh = "办公室受理举报并确定办理范围(街道、单个部门、多个部门),或说明理由不予受理。",
    DescriptionEn = "The office accepts the report and sets its remit (street, one department, several departments), or dismisses it with a reason.",
    Kind = ActivityKind.Task, MayWait = true)]
[Input("triageWorkingDays", typeof(int), DisplayNameZh = "分办期限(工作日)", DisplayNameEn = "Triage within (working days)", DefaultValue = "1")]
[Outcome(Accept, DisplayNameZh = "受理", DisplayNameEn = "Accepted")]
[Outcome(Dismiss, DisplayNameZh = "不予受理", DisplayNameEn = "Dismissed")]
public sealed class TriageViolation : ViolationActivity
{
    public const string Form = "violation.triage";
    public const string Accept = "Accept";
    public const string Dismiss = "Dismiss";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var @case = await CaseAsync(context, cancellationToken);
        var due = WorkingDaysFromNow(context, Days(context, "triageWorkingDays"));
        ViolationLog.Move(Db(context), @case, ViolationStatus.Triage, "triage",
            new("等待办公室分办", "Waiting for the office's triage"), context.Actor, context.Now, due);
        return new ActivityResult.Suspend([
            CaseTask(new("举报分办", "Triage a violation report"), @case, "office", @case.District, [Accept, Dismiss], due, Form, [Dismiss]),
            Deadline(due, "triage"),
        ]);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var @case = await CaseAsync(context, cancellationToken);
        if (IsDeadline(resumption))
        {
            return await EscalateAsync(context, @case, "triage",
                new($"举报“{@case.What}”(被举报单位 {@case.ReportedUnit})逾期未分办", $"The report “{@case.What}” (against {@case.ReportedUnit}) was not triaged in time"), cancellationToken);
        }

        var db = Db(context);
        var who = Who(context, resumption);
        if (Outcome(resumption) == Dismiss)
        {
            @case.FindingReason = Comment(resumption);
            ViolationLog.Move(db, @case, ViolationStatus.Dismissed, "dismissed",
                new($"办公室不予受理:{Comment(resumption)}", $"The office dismissed the report: {Comment(resumption)}"), who, context.Now, null);
            return ActivityResult.Outcome(Dismiss);
        }

        // The completion check has validated remit and departments already.
        var remit = Enum.Parse<ViolationRemit>(DataText(resumption, "remit")!, ignoreCase: true);
        var others = (Data(resumption)?["departments"] as JsonArray)?.Select(n => n?.GetValue<string>()).OfType<string>() ?? [];
        @case.Remit = remit;
        @case.AnsweringUnits = remit switch
        {
            ViolationRemit.Street => [],
            ViolationRemit.Department => [DataText(resumption, "department") ?? @case.ReportedUnit],
            _ => new[] { @case.ReportedUnit }.Concat(others).Distinct(StringComparer.Ordinal).ToList(),
        };
        var whom = remit == ViolationRemit.Street ? new Text($"街道 {@case.Street}", $"street {@case.Street}") : new Text(string.Join("、", @case.AnsweringUnits), string.Join(", ", @case.AnsweringUnits));
        ViolationLog.Note(db, @case, "accepted", new($"办公室受理,交 {whom.Zh} 答复", $"The office accepted the case; {whom.En} to answer"), who, context.Now);
        return ActivityResult.Outcome(Accept);
    }
}
