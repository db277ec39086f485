using TaskRouting.Contracts.Dispatch;
using TaskRouting.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Inspection;

/// <summary>
/// After a non-compliant finding: a correction notice (限期改正) to the department with a deadline in working days.
/// The department reports the correction in its inbox; past the deadline the notice is overdue and the supervisor
/// is alerted. The flow then goes to the re-inspection.
/// </summary>
[Activity("TaskRouting.Admission.CorrectionNotice",
    CategoryZh = "准入", CategoryEn = "Admission",
    DisplayNameZh = "限期整改", DisplayNameEn = "Correction notice",
    DescriptionZh = "向委托部门发出整改通知,限期整改后复查。", DescriptionEn = "Issues a correction notice with a deadline; the department reports the correction.",
    Kind = ActivityKind.Task, MayWait = true)]
[Input("correctionWorkingDays", typeof(int), DisplayNameZh = "整改期限(工作日)", DisplayNameEn = "Correct within (working days)", DefaultValue = "10")]
[Outcome("Done", DisplayNameZh = "已整改", DisplayNameEn = "Corrected")]
public sealed class IssueCorrectionNotice : AdmissionActivity
{
    public const string Form = "admission.correction";
    public const string Corrected = "Corrected";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = Db(context);
        var application = await ApplicationAsync(context, cancellationToken);
        var due = WorkingDaysFromNow(context, Days(context, "correctionWorkingDays", 1));
        var notice = new CorrectionNotice
        {
            Id = Guid.NewGuid(), ApplicationId = application.Id, District = application.District, Department = application.Department,
            Findings = application.DecisionReason ?? "", IssuedAt = context.Now, DueAt = due, Status = CorrectionStatus.Open,
        };
        db.Add(notice);
        context.State["notice"] = notice.Id.ToString();
        foreach (var street in (await TargetUnits.CommunitiesAsync(db, application, cancellationToken)).Select(c => c.StreetCode).Distinct(StringComparer.Ordinal))
        {
            Outbox.Add(db, new CorrectionNoticeIssued
            {
                NoticeId = notice.Id, ApplicationId = application.Id, AdmissionNumber = application.AdmissionNumber ?? "", District = application.District,
                Street = street, Department = application.Department, Finding = notice.Findings, CorrectBy = due, IssuedAt = context.Now,
            }, context.Now);
        }

        ApplicationLog.Move(db, application, ApplicationStage.Correction, "correction-issued",
            new($"发出整改通知,限 {due:yyyy-MM-dd} 前整改:{notice.Findings}", $"Correction notice issued, due {due:yyyy-MM-dd}: {notice.Findings}"),
            context.Actor, context.Now, new("委托部门整改", "the department's correction"), due);
        return new ActivityResult.Suspend([
            InboxTask(new("限期整改", "Correct and report"), new($"{application.Title}:{notice.Findings}", $"{application.Title}: {notice.Findings}"),
                "department", application.Department, [Corrected], due, Form, [Corrected], application),
            Deadline(due, "due"),
        ]);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var db = Db(context);
        var application = await ApplicationAsync(context, cancellationToken);
        var id = Guid.Parse(context.State["notice"]!.GetValue<string>());
        var notice = await db.Set<CorrectionNotice>().FirstAsync(n => n.Id == id, cancellationToken);
        if (IsDeadline(resumption))
        {
            notice.Status = CorrectionStatus.Overdue;
            return await EscalateOverdueAsync(context, application, $"correction-overdue:{notice.Id}",
                new($"整改逾期:{application.Title}", $"Correction overdue: {application.Title}"),
                ("correction-overdue", new("整改逾期,已上报督查室", "Correction overdue; the supervisor was alerted")), notice.DueAt,
                "correction overdue; still waiting for the department", cancellationToken);
        }

        notice.Status = CorrectionStatus.Corrected;
        notice.Report = Comment(resumption);
        notice.CorrectedAt = context.Now;
        ApplicationLog.Note(db, application, "corrected",
            new($"委托部门报告已整改:{notice.Report}", $"The department reported the correction: {notice.Report}"), Who(context, resumption), context.Now);
        return ActivityResult.Done();
    }
}
