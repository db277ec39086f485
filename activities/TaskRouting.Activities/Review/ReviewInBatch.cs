using TaskRouting.Activities.Lifecycle;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Review;

/// <summary>
/// The office reviews the batch: each application in its review inbox is sent to the vote, returned or refused
/// with a reason, by the window's closing day; past it, the supervisor is alerted.
/// </summary>
[Activity("TaskRouting.Admission.Review",
    CategoryZh = "准入", CategoryEn = "Admission",
    DisplayNameZh = "批次评审", DisplayNameEn = "Batch review",
    DescriptionZh = "办公室在评审批次内综合评审:提交表决、退回或不予准入。", DescriptionEn = "The office reviews the batch: send to the vote, return or refuse.",
    Kind = ActivityKind.Task, MayWait = true)]
[Input("dueWorkingDays", typeof(int), DisplayNameZh = "评审期限(工作日)", DisplayNameEn = "Review due (working days)", DefaultValue = "10",
    DescriptionZh = "批次有截止日时以截止日为准", DescriptionEn = "The window's closing day wins when there is one")]
[Outcome(SendToVote, DisplayNameZh = "提交表决", DisplayNameEn = "Send to vote")]
[Outcome(Return, DisplayNameZh = "退回", DisplayNameEn = "Return")]
[Outcome(Refuse, DisplayNameZh = "不予准入", DisplayNameEn = "Refuse")]
public sealed class ReviewInBatch : AdmissionActivity
{
    public const string Form = "admission.review";
    public const string SendToVote = "SendToVote";
    public const string Return = "Return";
    public const string Refuse = "Refuse";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var application = await ApplicationAsync(context, cancellationToken);
        var due = context.GetVariable("window")?["closesAt"] is { } closes && DateTimeOffset.TryParse(closes.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
            ? at
            : WorkingDaysFromNow(context, Days(context, "dueWorkingDays", 1));
        ApplicationLog.Move(Db(context), application, ApplicationStage.Review, "review-started",
            new("办公室批次评审", "The office reviews the batch"), context.Actor, context.Now, new("办公室评审", "review by the office"), due);
        return new ActivityResult.Suspend([
            InboxTask(new("批次评审", "Batch review"),
                new($"{application.Title}" + (application.BurdenFlagged ? $"(负担提示:{application.BurdenDetail})" : ""),
                    application.Title + (application.BurdenFlagged ? $" (burden flag: {application.BurdenDetail})" : "")),
                "office", application.District, [SendToVote, Return, Refuse], due, Form, [Return, Refuse], application),
            Deadline(due, "overdue"),
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
            return await EscalateOverdueAsync(context, application, $"review-overdue:{application.Id}",
                new($"批次评审逾期:{application.Title}", $"Batch review overdue: {application.Title}"),
                ("review-overdue", new("评审逾期,已告知督查室", "Review overdue; the supervisor was alerted")), null,
                "review overdue; still waiting for the office", cancellationToken);
        }

        var outcome = Outcome(resumption)!;
        ApplicationLog.Decide(db, application, outcome, Comment(resumption), context.Now);
        var label = outcome switch
        {
            SendToVote => new Text("提交街道社区表决", "sent to the streets' and communities' vote"),
            Return => new Text("退回", "returned"),
            _ => new Text("不予准入", "refused"),
        };
        ApplicationLog.Note(db, application, "reviewed",
            new($"评审结果:{label.Zh}" + (Comment(resumption) is { } c ? $"。{c}" : ""), $"Review: {label.En}" + (Comment(resumption) is { } e ? $". {e}" : "")),
            Who(context, resumption), context.Now);
        return ActivityResult.Outcome(outcome);
    }
}
