using System.Text.Json.Nodes;
using TaskRouting.Activities.Evaluation;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Approval;

/// <summary>The committee's final approval (提报指导委员会审批), shown with the vote result and any burden flag.</summary>
[Activity("TaskRouting.Admission.CommitteeApproval",
    CategoryZh = "准入", CategoryEn = "Admission",
    DisplayNameZh = "委员会审批", DisplayNameEn = "Committee approval",
    DescriptionZh = "社区建设指导委员会审批表决通过的事项。", DescriptionEn = "The community-building committee approves or rejects the item.",
    Kind = ActivityKind.Task, MayWait = true)]
[Input("dueWorkingDays", typeof(int), DisplayNameZh = "审批期限(工作日)", DisplayNameEn = "Due (working days)", DefaultValue = "10")]
[Outcome(Approve, DisplayNameZh = "批准", DisplayNameEn = "Approve")]
[Outcome(Reject, DisplayNameZh = "不批准", DisplayNameEn = "Reject")]
public sealed class CommitteeApproval : AdmissionActivity
{
    public const string Form = "admission.committee";
    public const string Approve = "Approve";
    public const string Reject = "Reject";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var application = await ApplicationAsync(context, cancellationToken);
        var due = WorkingDaysFromNow(context, Days(context, "dueWorkingDays", 1));
        ApplicationLog.Move(Db(context), application, ApplicationStage.Committee, "committee-started",
            new("提交委员会审批", "Put to the committee"), context.Actor, context.Now, new("委员会审批", "the committee's approval"), due);
        // The vote's reason and the burden detail are "中文 / English": each language of the description takes its half.
        var vote = Text.Halves(application.DecisionReason);
        var burden = application.BurdenFlagged ? Text.Halves(application.BurdenDetail) : new Text("", "");
        var task = InboxTask(new("委员会审批", "Committee approval"),
            new($"{application.Title}。表决:{vote.Zh}" + (burden.Zh.Length > 0 ? $"。{burden.Zh}" : ""), $"{application.Title}. Vote: {vote.En}" + (burden.En.Length > 0 ? $". {burden.En}" : "")),
            "committee", application.District, [Approve, Reject], due, Form, [Reject], application);
        // The communities' latest half-year evaluation of the department (自下而上评议) informs the committee's decision.
        var score = await Evaluations.DepartmentScoreAsync(Db(context), application.District, application.Department, WorkingDayCalendar.ChinaDate(context.Now), cancellationToken);
        task.Payload!["context"]!["departmentScore"] = score is null ? null
            : new JsonObject { ["period"] = score.Period, ["average"] = score.Average, ["count"] = score.Count };
        return new ActivityResult.Suspend([task, Deadline(due, "overdue")]);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var application = await ApplicationAsync(context, cancellationToken);
        var db = Db(context);
        if (IsDeadline(resumption))
        {
            return await EscalateOverdueAsync(context, application, $"committee-overdue:{application.Id}",
                new($"委员会审批逾期:{application.Title}", $"Committee approval overdue: {application.Title}"), null, null,
                "committee approval overdue; still waiting", cancellationToken);
        }

        var outcome = Outcome(resumption)!;
        ApplicationLog.Decide(db, application, outcome, Comment(resumption), context.Now);
        ApplicationLog.Note(db, application, "committee-decided",
            outcome == Approve
                ? new("委员会批准", "The committee approved")
                : new($"委员会不批准:{Comment(resumption)}", $"The committee rejected: {Comment(resumption)}"),
            Who(context, resumption), context.Now);
        return ActivityResult.Outcome(outcome);
    }
}
