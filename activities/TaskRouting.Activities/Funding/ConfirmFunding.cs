using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Approval;
using TaskRouting.Activities.Escalation;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Funding;

/// <summary>
/// Whoever commissions pays (谁委托谁出钱): before dispatch, the department confirms the total (per community ×
/// communities) in its inbox. A ledger row per community records pledged, confirmed and disbursed amounts. An
/// unconfirmed item escalates to the supervisor, then lapses: a lapsed item stops and leaves the plan list.
/// </summary>
[Activity("TaskRouting.Admission.ConfirmFunding",
    CategoryZh = "准入", CategoryEn = "Admission",
    DisplayNameZh = "确认经费", DisplayNameEn = "Confirm funding",
    DescriptionZh = "委托部门确认经费总额,逾期上报,超期失效。", DescriptionEn = "The department confirms the total; overdue escalates, then the item lapses.",
    Kind = ActivityKind.Task, MayWait = true)]
[Input("escalateWorkingDays", typeof(int), DisplayNameZh = "上报督查室(工作日)", DisplayNameEn = "Escalate after (working days)", DefaultValue = "5", Order = 1)]
[Input("lapseWorkingDays", typeof(int), DisplayNameZh = "失效期限(工作日)", DisplayNameEn = "Lapse after (working days)", DefaultValue = "10", Order = 2)]
[Outcome(Confirmed, DisplayNameZh = "已确认", DisplayNameEn = "Confirmed")]
[Outcome(Lapsed, DisplayNameZh = "已失效", DisplayNameEn = "Lapsed")]
public sealed class ConfirmFunding : AdmissionActivity
{
    public const string Form = "admission.funding";
    public const string Confirm = "Confirm";
    public const string Confirmed = "Confirmed";
    public const string Lapsed = "Lapsed";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = Db(context);
        var application = await ApplicationAsync(context, cancellationToken);
        var communities = await TargetUnits.CommunitiesAsync(db, application, cancellationToken);
        var existing = await db.Set<FundingLedgerEntry>().Where(f => f.ApplicationId == application.Id).Select(f => f.CommunityCode).ToListAsync(cancellationToken);
        foreach (var community in communities.Where(c => !existing.Contains(c.Code)))
        {
            db.Add(new FundingLedgerEntry
            {
                ApplicationId = application.Id, CommunityCode = community.Code, District = application.District, Department = application.Department,
                Pledged = application.FundingPerCommunity, UpdatedAt = context.Now,
            });
        }

        var total = Total(application, communities.Count);
        var lapse = WorkingDaysFromNow(context, Days(context, "lapseWorkingDays", 1));
        context.State["lapseAt"] = lapse.ToString("O");
        ApplicationLog.Move(db, application, ApplicationStage.Funding, "funding-requested",
            new($"请委托部门确认经费 {total:0.00} 元({communities.Count} 个社区 × {application.FundingPerCommunity:0.00} 元)",
                $"The department confirms funding of {total:0.00} yuan ({communities.Count} communities × {application.FundingPerCommunity:0.00})"),
            context.Actor, context.Now, new("委托部门确认经费", "the department's funding confirmation"), lapse);
        return new ActivityResult.Suspend([
            InboxTask(new("确认经费", "Confirm the funding"),
                new($"{application.Title}:请确认经费总额 {total:0.00} 元", $"{application.Title}: confirm the total of {total:0.00} yuan"),
                "department", application.Department, [Confirm], lapse, Form, [], application),
            Deadline(WorkingDaysFromNow(context, Days(context, "escalateWorkingDays", 1)), "escalate"),
        ]);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var db = Db(context);
        var application = await ApplicationAsync(context, cancellationToken);
        if (IsDeadline(resumption) && Step(resumption) == "escalate")
        {
            await Alerts.RaiseAsync(db, $"funding-overdue:{application.Id}", application.District, AlertKind.Escalation, "supervisor", application.District,
                application.Id, new($"经费尚未确认:{application.Title}", $"Funding not yet confirmed: {application.Title}"), context.Now, null, cancellationToken);
            await Alerts.RaiseAsync(db, $"funding-reminder:{application.Id}", application.District, AlertKind.Reminder, "department", application.Department,
                application.Id, new($"请尽快确认“{application.Title}”的经费,逾期将失效", $"Confirm the funding of “{application.Title}” or it lapses"), context.Now, null, cancellationToken);
            ApplicationLog.Note(db, application, "funding-overdue", new("经费确认逾期,已上报督查室", "Funding confirmation overdue; the supervisor was alerted"), "system", context.Now);
            var lapseAt = DateTimeOffset.Parse(context.State["lapseAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            return ActivityResult.Wait(Deadline(lapseAt, "lapse"));
        }

        var ledger = await db.Set<FundingLedgerEntry>().Where(f => f.ApplicationId == application.Id).ToListAsync(cancellationToken);
        if (IsDeadline(resumption))
        {
            var entry = await db.Set<PlanListEntry>().FirstOrDefaultAsync(p => p.ApplicationId == application.Id, cancellationToken);
            if (entry is not null)
            {
                entry.Status = PlanEntryStatus.Lapsed;
                entry.UpdatedAt = context.Now;
                PlanListAnnouncements.Announce(db, entry, context.Now);
            }

            ApplicationLog.Decide(db, application, Lapsed, "委托部门未在期限内确认经费,事项失效 / The department did not confirm the funding in time; the item lapsed", context.Now);
            ApplicationLog.Note(db, application, "funding-lapsed", new("经费未确认,事项失效", "Funding not confirmed; the item lapsed"), "system", context.Now);
            return ActivityResult.Outcome(Lapsed);
        }

        foreach (var row in ledger)
        {
            row.Confirmed = row.Pledged;
            row.ConfirmedAt = context.Now;
            row.UpdatedAt = context.Now;
        }

        var total = ledger.Sum(r => r.Confirmed);
        ApplicationLog.Decide(application, Confirmed, Comment(resumption));
        ApplicationLog.Note(db, application, "funding-confirmed",
            new($"委托部门确认经费 {total:0.00} 元", $"The department confirmed funding of {total:0.00} yuan"), Who(context, resumption), context.Now);
        return ActivityResult.Outcome(Confirmed);
    }

    /// <summary>The total the department must confirm.</summary>
    public static decimal Total(Application application, int communities) => (application?.FundingPerCommunity ?? 0) * communities;
}
