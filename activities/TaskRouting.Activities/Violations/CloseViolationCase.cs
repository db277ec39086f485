using TaskRouting.Activities.Lifecycle;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Violations;

/// <summary>Closes the case (a dismissed or unfounded case is closed by its step already).</summary>
[Activity("TaskRouting.Accountability.Close",
    CategoryZh = "问责", CategoryEn = "Accountability",
    DisplayNameZh = "结案", DisplayNameEn = "Close the case",
    DescriptionZh = "案件办结。", DescriptionEn = "Closes the case.")]
[Outcome("Done", DisplayNameZh = "完成", DisplayNameEn = "Done")]
public sealed class CloseViolationCase : ViolationActivity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var @case = await CaseAsync(context, cancellationToken);
        if (@case.Status is not (ViolationStatus.Closed or ViolationStatus.Dismissed))
        {
            ViolationLog.Move(Db(context), @case, ViolationStatus.Closed, "closed", new("结案", "Case closed"), context.Actor, context.Now, null);
        }

        return ActivityResult.Done();
    }
}
