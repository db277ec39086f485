using TaskRouting.Activities.Lifecycle;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Approval;

/// <summary>
/// The emergency track's instant approval (即时审批): the office decides at once, within a short SLA in hours;
/// when the SLA passes the supervisor is alerted and the task stays in the office's inbox.
/// </summary>
[Activity("TaskRouting.Admission.EmergencyApproval",
    CategoryZh = "准入", CategoryEn = "Admission",
    DisplayNameZh = "紧急事项即时审批", DisplayNameEn = "Emergency approval",
    DescriptionZh = "办公室即时审批紧急事项,超时上报督查室。", DescriptionEn = "The office approves an urgent item at once; a missed SLA escalates to the supervisor.",
    Kind = ActivityKind.Task, MayWait = true)]
[Input("slaHours", typeof(double), DisplayNameZh = "办理时限(小时)", DisplayNameEn = "SLA (hours)", DefaultValue = "4")]
[Outcome(Approve, DisplayNameZh = "批准", DisplayNameEn = "Approve")]
[Outcome(Refuse, DisplayNameZh = "不予准入", DisplayNameEn = "Refuse")]
public sealed class ApproveEmergency : AdmissionActivity
{
    public const string Form = "admission.emergency";
    public const string Approve = "Approve";
    public const string Refuse = "Refuse";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var application = await ApplicationAsync(context, cancellationToken);
        var hours = context.Get<double?>("slaHours") ?? 4;
        if (hours is <= 0 or > 720)
        {
            throw new ActivityFaultException($"办理时限须在 0–720 小时之间(现为 {hours})/ slaHours must be in (0, 720] (it is {hours})");
        }

        var due = context.Now.AddHours(hours);
        ApplicationLog.Move(Db(context), application, ApplicationStage.EmergencyApproval, "emergency-filed",
            new($"紧急事项,需用日期 {application.NeededBy:yyyy-MM-dd},提交办公室即时审批", $"Urgent item needed by {application.NeededBy:yyyy-MM-dd}; put to the office for instant approval"),
            context.Actor, context.Now, new("办公室即时审批", "the office's instant approval"), due);
        return new ActivityResult.Suspend([
            InboxTask(new("紧急事项即时审批", "Approve an urgent item"),
                new($"{application.Title}。紧急理由:{application.UrgencyJustification}", $"{application.Title}. Why urgent: {application.UrgencyJustification}"),
                "office", application.District, [Approve, Refuse], due, Form, [Refuse], application),
            Deadline(due, "sla"),
        ]);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var application = await ApplicationAsync(context, cancellationToken);
        var db = Db(context);
        if (IsDeadline(resumption))
        {
            return await EscalateOverdueAsync(context, application, $"emergency-sla:{application.Id}",
                new($"紧急事项超过办理时限未审批:{application.Title}", $"Urgent item past its SLA without a decision: {application.Title}"),
                ("emergency-sla-missed", new("超过办理时限,已上报督查室", "SLA missed; the supervisor was alerted")), null,
                "SLA missed; still waiting for the office", cancellationToken);
        }

        var outcome = Outcome(resumption)!;
        ApplicationLog.Decide(db, application, outcome, Comment(resumption), context.Now);
        ApplicationLog.Note(db, application, "emergency-decided",
            outcome == Approve ? new("办公室即时批准", "The office approved at once") : new($"不予准入:{Comment(resumption)}", $"Refused: {Comment(resumption)}"),
            Who(context, resumption), context.Now);
        return ActivityResult.Outcome(outcome);
    }
}
