using TaskRouting.Activities.Escalation;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Violations;

/// <summary>
/// With the answers in, the office records its finding. A confirmed violation gets a correction deadline (限期改正),
/// is named in the district's next notice, and the department is told at once.
/// </summary>
[Activity("TaskRouting.Accountability.Finding",
    CategoryZh = "问责", CategoryEn = "Accountability",
    DisplayNameZh = "认定结论", DisplayNameEn = "Record the finding",
    DescriptionZh = "办公室认定违规属实(限期改正并通报)或不属实。", DescriptionEn = "The office finds the violation confirmed (correction deadline, named in the notice) or unfounded.",
    Kind = ActivityKind.Task, MayWait = true)]
[Input("findingWorkingDays", typeof(int), DisplayNameZh = "认定期限(工作日)", DisplayNameEn = "Finding within (working days)", DefaultValue = "3")]
[Input("correctionWorkingDays", typeof(int), DisplayNameZh = "整改期限(工作日)", DisplayNameEn = "Correction within (working days)", DefaultValue = "10")]
[Outcome(Confirmed, DisplayNameZh = "属实", DisplayNameEn = "Confirmed")]
[Outcome(Unfounded, DisplayNameZh = "不属实", DisplayNameEn = "Unfounded")]
public sealed class RecordFinding : ViolationActivity
{
    public const string Form = "violation.finding";
    public const string Confirmed = "Confirmed";
    public const string Unfounded = "Unfounded";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var @case = await CaseAsync(context, cancellationToken);
        var due = WorkingDaysFromNow(context, Days(context, "findingWorkingDays", 1));
        ViolationLog.Move(Db(context), @case, ViolationStatus.Finding, "finding",
            new("等待办公室认定", "Waiting for the office's finding"), context.Actor, context.Now, due);
        return new ActivityResult.Suspend([
            CaseTask(new("认定举报", "Record a violation finding"), @case, "office", @case.District, [Confirmed, Unfounded], due, Form, [Confirmed, Unfounded]),
            Deadline(due, "finding"),
        ]);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var @case = await CaseAsync(context, cancellationToken);
        if (IsDeadline(resumption))
        {
            return await EscalateAsync(context, @case, "finding",
                new($"举报“{@case.What}”逾期未认定", $"No finding on the report “{@case.What}” in time"), cancellationToken);
        }

        var db = Db(context);
        var who = Who(context, resumption);
        var reason = Comment(resumption);
        @case.FindingReason = reason;
        @case.FoundAt = context.Now;
        if (Outcome(resumption) == Unfounded)
        {
            @case.Finding = ViolationFinding.Unfounded;
            ViolationLog.Move(db, @case, ViolationStatus.Closed, "unfounded", new($"认定不属实:{reason}", $"Found unfounded: {reason}"), who, context.Now, null);
            return ActivityResult.Outcome(Unfounded);
        }

        var days = int.TryParse(DataText(resumption, "correctionWorkingDays"), out var given) && given > 0 ? given : Days(context, "correctionWorkingDays", 1);
        var due = WorkingDaysFromNow(context, days);
        @case.Finding = ViolationFinding.Confirmed;
        @case.CorrectionDueAt = due;
        ViolationLog.Move(db, @case, ViolationStatus.Correcting, "confirmed",
            new($"认定属实:{reason};限 {days} 个工作日内整改", $"Confirmed: {reason}; to be corrected within {days} working days"), who, context.Now, due);
        await Alerts.RaiseAsync(db, $"violation-confirmed:{@case.Id}", @case.District, AlertKind.Warning, "department", @case.ReportedUnit, null,
            new($"举报“{@case.What}”经认定属实,请于期限内整改并报告", $"The report “{@case.What}” was confirmed; correct it by the deadline and report"), context.Now, due, cancellationToken);
        return ActivityResult.Outcome(Confirmed);
    }
}
