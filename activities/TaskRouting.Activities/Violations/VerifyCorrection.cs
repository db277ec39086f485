using TaskRouting.Activities.Lifecycle;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Violations;

/// <summary>The supervisor (督查室) verifies the correction: verified closes the case; not corrected sends it back to the department.</summary>
[Activity("TaskRouting.Accountability.VerifyCorrection",
    CategoryZh = "问责", CategoryEn = "Accountability",
    DisplayNameZh = "核验整改", DisplayNameEn = "Verify the correction",
    DescriptionZh = "督查室核验整改情况。", DescriptionEn = "The supervisor verifies the correction.",
    Kind = ActivityKind.Task, MayWait = true)]
[Outcome(Verified, DisplayNameZh = "整改到位", DisplayNameEn = "Verified")]
[Outcome(NotCorrected, DisplayNameZh = "未整改到位", DisplayNameEn = "Not corrected")]
public sealed class VerifyCorrection : ViolationActivity
{
    public const string Form = "violation.verification";
    public const string Verified = "Verified";
    public const string NotCorrected = "NotCorrected";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var @case = await CaseAsync(context, cancellationToken);
        ViolationLog.Move(Db(context), @case, ViolationStatus.Correcting, "verification",
            new("等待督查室核验整改", "Waiting for the supervisor to verify the correction"), context.Actor, context.Now, @case.CorrectionDueAt);
        return ActivityResult.Wait(CaseTask(new("核验整改", "Verify a correction"), @case, "supervisor", @case.District, [Verified, NotCorrected], @case.CorrectionDueAt, Form, [NotCorrected]));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var @case = await CaseAsync(context, cancellationToken);
        var db = Db(context);
        if (Outcome(resumption) == NotCorrected)
        {
            ViolationLog.Note(db, @case, "not-corrected", new($"整改未到位:{Comment(resumption)}", $"Not corrected: {Comment(resumption)}"), Who(context, resumption), context.Now);
            return ActivityResult.Outcome(NotCorrected);
        }

        @case.CorrectedAt = context.Now;
        ViolationLog.Note(db, @case, "verified", new("督查室核验整改到位", "The supervisor verified the correction"), Who(context, resumption), context.Now);
        return ActivityResult.Outcome(Verified);
    }
}
