using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Approval;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Lifecycle;

/// <summary>Ends the application's lifecycle with a final stage; the last decision's reason is what the department reads.</summary>
[Activity("TaskRouting.Admission.Close",
    CategoryZh = "准入", CategoryEn = "Admission",
    DisplayNameZh = "办结申请", DisplayNameEn = "Close the application",
    DescriptionZh = "以最终结果办结申请(完成、不予准入、退回、失效)。", DescriptionEn = "Closes the application with its final result (completed, refused, returned, lapsed).")]
[Input("result", typeof(string), DisplayNameZh = "结果", DisplayNameEn = "Result", Required = true, UiHint = UiHints.Dropdown,
    Options = ["Completed", "Refused", "Returned", "Lapsed"])]
[Outcome("Done", DisplayNameZh = "完成", DisplayNameEn = "Done")]
public sealed class CloseApplication : AdmissionActivity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = context.GetRequired<string>("result");
        if (!Enum.TryParse<ApplicationStage>(text, out var stage) || stage is not (ApplicationStage.Completed or ApplicationStage.Refused or ApplicationStage.Returned or ApplicationStage.Lapsed))
        {
            throw new ActivityFaultException($"结果 {text} 无效(Completed、Refused、Returned、Lapsed)/ {text} is not a final result (Completed, Refused, Returned, Lapsed)");
        }

        var db = Db(context);
        var application = await ApplicationAsync(context, cancellationToken);
        if (stage == ApplicationStage.Completed
            && await db.Set<PlanListEntry>().FirstOrDefaultAsync(p => p.ApplicationId == application.Id, cancellationToken) is { Status: PlanEntryStatus.InForce } entry)
        {
            entry.Status = PlanEntryStatus.Completed;
            entry.UpdatedAt = context.Now;
            PlanListAnnouncements.Announce(db, entry, context.Now);
        }

        var label = stage switch
        {
            ApplicationStage.Completed => new Text("事项已办结并通过检查", "The item was carried out and passed inspection"),
            ApplicationStage.Refused => new Text("不予准入", "Refused"),
            ApplicationStage.Returned => new Text("已退回", "Returned"),
            _ => new Text("事项已失效", "The item lapsed"),
        };
        var reason = application.DecisionReason;
        ApplicationLog.Move(db, application, stage, "closed",
            reason is null ? label : new($"{label.Zh}:{reason}", $"{label.En}: {reason}"), context.Actor, context.Now);
        return ActivityResult.Done();
    }
}
