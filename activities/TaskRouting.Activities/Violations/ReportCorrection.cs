using TaskRouting.Activities.Lifecycle;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Violations;

/// <summary>The named department reports how it corrected the violation, by the correction deadline; a late report escalates.</summary>
[Activity("TaskRouting.Accountability.ReportCorrection",
    CategoryZh = "问责", CategoryEn = "Accountability",
    DisplayNameZh = "报告整改", DisplayNameEn = "Report the correction",
    DescriptionZh = "被通报部门在整改期限内报告整改情况;逾期上报督查室。", DescriptionEn = "The department reports its correction by the deadline; late reports escalate.",
    Kind = ActivityKind.Task, MayWait = true)]
[Outcome("Done", DisplayNameZh = "已报告", DisplayNameEn = "Reported")]
public sealed class ReportCorrection : ViolationActivity
{
    public const string Form = "violation.correction";
    public const string Corrected = "Corrected";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var @case = await CaseAsync(context, cancellationToken);
        var due = @case.CorrectionDueAt ?? throw new ActivityFaultException("案件没有整改期限 / The case has no correction deadline");
        ViolationLog.Move(Db(context), @case, ViolationStatus.Correcting, "correction-requested",
            new($"等待 {@case.ReportedUnit} 报告整改", $"Waiting for {@case.ReportedUnit} to report its correction"), context.Actor, context.Now, due);
        return new ActivityResult.Suspend([
            CaseTask(new("报告整改情况", "Report the correction"), @case, "department", @case.ReportedUnit, [Corrected], due, Form, [Corrected], @case.ReportedUnit),
            Deadline(due, "correction"),
        ]);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var @case = await CaseAsync(context, cancellationToken);
        if (IsDeadline(resumption))
        {
            return await EscalateAsync(context, @case, "correction",
                new($"{@case.ReportedUnit} 逾期未整改(举报“{@case.What}”)", $"{@case.ReportedUnit} did not correct “{@case.What}” in time"), cancellationToken);
        }

        ViolationLog.Note(Db(context), @case, "correction-reported",
            new($"{@case.ReportedUnit} 报告整改:{Comment(resumption)}", $"{@case.ReportedUnit} reported its correction: {Comment(resumption)}"), Who(context, resumption), context.Now);
        return ActivityResult.Done();
    }
}
