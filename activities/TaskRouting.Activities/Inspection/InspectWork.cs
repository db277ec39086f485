using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Inspection;

/// <summary>The inspection office (督查室) inspects the item's work and records a finding: compliant or not.</summary>
[Activity("TaskRouting.Admission.Inspect",
    CategoryZh = "准入", CategoryEn = "Admission",
    DisplayNameZh = "督查检查", DisplayNameEn = "Inspect",
    DescriptionZh = "督查室检查事项落实情况并记录结论。", DescriptionEn = "The supervisor inspects the work and records the finding.",
    Kind = ActivityKind.Task, MayWait = true)]
[Input("dueWorkingDays", typeof(int), DisplayNameZh = "检查期限(工作日)", DisplayNameEn = "Due (working days)", DefaultValue = "15")]
[Outcome(Compliant, DisplayNameZh = "合格", DisplayNameEn = "Compliant")]
[Outcome(NonCompliant, DisplayNameZh = "不合格", DisplayNameEn = "Non-compliant")]
public sealed class InspectWork : AdmissionActivity
{
    public const string Form = "admission.inspection";
    public const string Compliant = "Compliant";
    public const string NonCompliant = "NonCompliant";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var application = await ApplicationAsync(context, cancellationToken);
        var due = WorkingDaysFromNow(context, Days(context, "dueWorkingDays", 1));
        var round = await Db(context).Set<InspectionRecord>().CountAsync(i => i.ApplicationId == application.Id, cancellationToken) + 1;
        ApplicationLog.Move(Db(context), application, ApplicationStage.Inspection, "inspection-started",
            round == 1 ? new("等待督查检查", "Awaiting inspection") : new($"等待第 {round} 次检查(复查)", $"Awaiting inspection round {round} (re-inspection)"),
            context.Actor, context.Now, new("督查室检查", "the supervisor's inspection"), due);
        return ActivityResult.Wait(InboxTask(new(round == 1 ? "督查检查" : "复查", round == 1 ? "Inspect the work" : "Re-inspect the work"),
            new($"{application.Title}(准入号 {application.AdmissionNumber})", $"{application.Title} (admission number {application.AdmissionNumber})"),
            "supervisor", application.District, [Compliant, NonCompliant], due, Form, [NonCompliant], application));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var db = Db(context);
        var application = await ApplicationAsync(context, cancellationToken);
        var outcome = Outcome(resumption)!;
        var findings = Comment(resumption) ?? (outcome == Compliant ? "合格 / Compliant" : "");
        var round = await db.Set<InspectionRecord>().CountAsync(i => i.ApplicationId == application.Id, cancellationToken) + 1;
        db.Add(new InspectionRecord
        {
            Id = Guid.NewGuid(), ApplicationId = application.Id, District = application.District, Compliant = outcome == Compliant,
            Findings = findings, Inspector = Who(context, resumption), At = context.Now, Round = round,
        });
        ApplicationLog.Decide(db, application, outcome, findings, context.Now);
        ApplicationLog.Note(db, application, "inspected",
            outcome == Compliant ? new($"第 {round} 次检查合格", $"Inspection round {round}: compliant") : new($"第 {round} 次检查不合格:{findings}", $"Inspection round {round}: non-compliant: {findings}"),
            Who(context, resumption), context.Now);
        return ActivityResult.Outcome(outcome);
    }
}
