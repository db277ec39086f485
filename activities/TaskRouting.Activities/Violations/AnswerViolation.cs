using TaskRouting.Activities.Lifecycle;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Violations;

/// <summary>
/// The answering units reply under the "123" commitment: the street within 1 working day, one department within 2,
/// several departments within 3 (each department answers in its own inbox; the step ends when all have). A missed
/// deadline escalates to the supervisor, and the daily follow-up hands the case to the duty officer.
/// </summary>
[Activity("TaskRouting.Accountability.Answer",
    CategoryZh = "问责", CategoryEn = "Accountability",
    DisplayNameZh = "限时答复(123)", DisplayNameEn = "Answer (123 deadlines)",
    DescriptionZh = "街道事项 1 个工作日、单一部门 2 个工作日、多部门 3 个工作日内答复;逾期上报督查室。",
    DescriptionEn = "Street matters answered within 1 working day, one department within 2, several within 3; overdue answers escalate.",
    Kind = ActivityKind.Task, MayWait = true)]
[Input("streetWorkingDays", typeof(int), DisplayNameZh = "街道答复期限(工作日)", DisplayNameEn = "Street answers within (working days)", DefaultValue = "1")]
[Input("departmentWorkingDays", typeof(int), DisplayNameZh = "单一部门答复期限(工作日)", DisplayNameEn = "One department answers within (working days)", DefaultValue = "2")]
[Input("severalDepartmentsWorkingDays", typeof(int), DisplayNameZh = "多部门答复期限(工作日)", DisplayNameEn = "Several departments answer within (working days)", DefaultValue = "3")]
[Outcome("Done", DisplayNameZh = "已答复", DisplayNameEn = "Answered")]
public sealed class AnswerViolation : ViolationActivity
{
    public const string Form = "violation.answer";
    public const string Answered = "Answered";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var @case = await CaseAsync(context, cancellationToken);
        var remit = @case.Remit ?? throw new ActivityFaultException("案件尚未分办,不能答复 / The case has not been triaged; it cannot be answered");
        var days = AnswerDeadlines.WorkingDays(remit, Days(context, "streetWorkingDays", 1), Days(context, "departmentWorkingDays", 1), Days(context, "severalDepartmentsWorkingDays", 1));
        DateTimeOffset due;
        try
        {
            due = AnswerDeadlines.DueAt(Calendar(context), context.Now, days).ToUniversalTime();
        }
        catch (CalendarUnavailableException ex)
        {
            throw new ActivityFaultException(ex.Message, ex);
        }

        @case.AnswerDueAt = due;
        var title = new Text("答复举报", "Answer a violation report");
        var tasks = remit == ViolationRemit.Street
            ? [CaseTask(title, @case, "street", @case.Street, [Answered], due, Form, [Answered], @case.Street)]
            : @case.AnsweringUnits.Select(unit => CaseTask(title, @case, "department", unit, [Answered], due, Form, [Answered], unit)).ToList();
        ViolationLog.Move(Db(context), @case, ViolationStatus.Answering, "answer-requested",
            new($"等待答复,期限 {days} 个工作日", $"Waiting for the answer, due within {days} working day(s)"), context.Actor, context.Now, due);
        return new ActivityResult.Suspend([.. tasks, Deadline(due, "answer")]);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var @case = await CaseAsync(context, cancellationToken);
        if (IsDeadline(resumption))
        {
            return await EscalateAsync(context, @case, "answer",
                new($"举报“{@case.What}”逾期未答复(应答单位 {Units(@case)})", $"The report “{@case.What}” was not answered in time (by {Units(@case)})"), cancellationToken);
        }

        var unit = resumption.Bookmark.Payload?["unit"]?.GetValue<string>() ?? "";
        ViolationLog.Note(Db(context), @case, "answered", new($"{unit} 答复:{Comment(resumption)}", $"{unit} answered: {Comment(resumption)}"), Who(context, resumption), context.Now);
        if (OpenTasks(context) > 0)
        {
            return new ActivityResult.Absorb("waiting for the other departments' answers");
        }

        @case.AnsweredAt = context.Now;
        return ActivityResult.Done();
    }

    private static string Units(ViolationCase @case) => @case.Remit == ViolationRemit.Street ? @case.Street : string.Join(", ", @case.AnsweringUnits);
}
