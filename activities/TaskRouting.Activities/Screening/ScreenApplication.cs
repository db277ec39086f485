using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Activities.Approval;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Screening;

/// <summary>
/// Screens an application against the published lists. Decides by itself what the rules decide (no funding
/// offered: returned, 谁委托谁出钱; data the government already holds: returned, 一次采集), flags a community
/// burden over the cap for reviewers and voters, and otherwise puts a screening task in the office's inbox with
/// the list items that look relevant. Each outcome carries a reason the department reads.
/// </summary>
[Activity("TaskRouting.Admission.Screen",
    CategoryZh = "准入", CategoryEn = "Admission",
    DisplayNameZh = "清单筛查", DisplayNameEn = "Screen against the lists",
    DescriptionZh = "对照职责清单和负面清单筛查申请,检查经费与社区负担。", DescriptionEn = "Screens the application against the duty and negative lists; checks funding and community burden.",
    Kind = ActivityKind.Task, MayWait = true)]
[Input("burdenCapHours", typeof(double), DisplayNameZh = "社区月工时上限", DisplayNameEn = "Monthly hours cap per community", DefaultValue = "40", Order = 1,
    DescriptionZh = "准入后社区每月预计工时超过此值即提示评审和表决", DescriptionEn = "A community whose estimated monthly hours after admission exceed this is flagged to reviewers and voters")]
[Input("dueWorkingDays", typeof(int), DisplayNameZh = "筛查期限(工作日)", DisplayNameEn = "Screening due (working days)", DefaultValue = "5", Order = 2)]
[Outcome(Queue, DisplayNameZh = "进入评审批次", DisplayNameEn = "Queue for the window")]
[Outcome(OnDutyList, DisplayNameZh = "已在职责清单", DisplayNameEn = "On the duty list")]
[Outcome(NegativeList, DisplayNameZh = "负面清单拒绝", DisplayNameEn = "Refused by the negative list")]
[Outcome(DepartmentDuty, DisplayNameZh = "部门自身职责", DisplayNameEn = "Department's own duty")]
[Outcome(ServiceCentre, DisplayNameZh = "转政务服务中心", DisplayNameEn = "To the service centre")]
[Outcome(PurchaseServices, DisplayNameZh = "转政府购买服务", DisplayNameEn = "To purchase of services")]
[Outcome(MissingFunding, DisplayNameZh = "缺少经费退回", DisplayNameEn = "Returned: no funding")]
[Outcome(DataAlreadyHeld, DisplayNameZh = "数据已共享退回", DisplayNameEn = "Returned: data already held")]
public sealed class ScreenApplication : AdmissionActivity
{
    public const string Form = "admission.screening";

    /// <summary>The input naming the monthly hours cap per community (社区月工时上限); the burden dashboard reads it too.</summary>
    internal const string BurdenCapInput = "burdenCapHours";

    /// <summary>The cap when a workflow sets none.</summary>
    internal const double DefaultBurdenCapHours = 40;
    public const string Queue = "Queue";
    public const string OnDutyList = "OnDutyList";
    public const string NegativeList = "NegativeList";
    public const string DepartmentDuty = "DepartmentDuty";
    public const string ServiceCentre = "ServiceCentre";
    public const string PurchaseServices = "PurchaseServices";
    public const string MissingFunding = "MissingFunding";
    public const string DataAlreadyHeld = "DataAlreadyHeld";

    /// <summary>The office's choices, in the order the task shows them.</summary>
    public static readonly IReadOnlyList<string> Outcomes =
        [Queue, OnDutyList, NegativeList, DepartmentDuty, ServiceCentre, PurchaseServices, MissingFunding, DataAlreadyHeld];

    /// <summary>Outcomes that must cite a list item (<c>data.reference</c>).</summary>
    public static readonly IReadOnlyList<string> NeedsReference = [OnDutyList, NegativeList];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = Db(context);
        var application = await ApplicationAsync(context, cancellationToken);
        var who = context.Actor;

        if (application.FundingPerCommunity <= 0)
        {
            return Decide(db, application, MissingFunding,
                "申请未列明拨付给每个社区的经费;按“谁委托谁出钱”,请补充经费后重新申请。 / The application offers no funding per community; whoever commissions the work pays for it, so add the funding and apply again.",
                null, who, context.Now);
        }

        if (application.FormsAndLedgers.FirstOrDefault(f => f.DataAlreadyShared) is { } shared)
        {
            return Decide(db, application, DataAlreadyHeld,
                $"报表“{shared.Name}”的数据政府部门间已共享,不得要求社区重复采集(一次采集、多方共享)。 / The data of “{shared.Name}” is already shared between departments; communities must not collect it again.",
                null, who, context.Now);
        }

        await CheckBurdenAsync(db, application, context.Get<double?>(BurdenCapInput) ?? DefaultBurdenCapHours, cancellationToken);
        var suggestions = await SuggestAsync(context, application, cancellationToken);
        var due = WorkingDaysFromNow(context, Days(context, "dueWorkingDays", 1));
        ApplicationLog.Move(db, application, ApplicationStage.Screening, "screening-started",
            new("办公室对照清单筛查申请", "The office screens the application against the lists"), who, context.Now,
            new("办公室筛查", "screening by the office"), due);

        var description = new StringBuilder();
        description.Append(CultureInfo.InvariantCulture, $"{application.Title}。{suggestions.Zh}");
        if (application.BurdenFlagged)
        {
            description.Append(CultureInfo.InvariantCulture, $" 负担提示:{application.BurdenDetail}");
        }

        var english = $"{application.Title}. {suggestions.En}" + (application.BurdenFlagged ? $" Burden flag: {application.BurdenDetail}" : "");
        return ActivityResult.Wait(InboxTask(
            new("准入申请筛查", "Screen the admission application"), new(description.ToString(), english),
            "office", application.District, Outcomes, due, Form, Outcomes.Where(o => o != Queue).ToList(), application));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumption);
        var outcome = Outcome(resumption);
        if (outcome is null || !Outcomes.Contains(outcome))
        {
            throw new ActivityFaultException($"筛查结果 {outcome} 无效 / {outcome} is not a screening outcome");
        }

        var application = await ApplicationAsync(context, cancellationToken);
        return Decide(Db(context), application, outcome, Comment(resumption), Data(resumption)?["reference"]?.ToString(), Who(context, resumption), context.Now);
    }

    private static ActivityResult Decide(DbContext db, Application application, string outcome, string? reason, string? reference, string actor, DateTimeOffset now)
    {
        ApplicationLog.Decide(db, application, outcome, reason, now, reference);
        var label = Label(outcome);
        ApplicationLog.Note(db, application, "screened",
            new($"筛查结果:{label.Zh}" + (reason is null ? "" : $"。{reason}") + (reference is null ? "" : $"(清单项 {reference})"),
                $"Screening: {label.En}" + (reason is null ? "" : $". {reason}") + (reference is null ? "" : $" (list item {reference})")),
            actor, now);
        return ActivityResult.Outcome(outcome);
    }

    /// <summary>The outcome's name in both languages.</summary>
    public static Text Label(string outcome) => outcome switch
    {
        Queue => new("进入下一评审批次", "queued for the next review window"),
        OnDutyList => new("已在社区职责清单内,无需准入", "already a community duty on the list; no admission needed"),
        NegativeList => new("属于负面清单,不予准入", "on the negative list; refused"),
        DepartmentDuty => new("属于部门自身职责,退回", "the department's own duty; returned"),
        ServiceCentre => new("属于行政审批或公共服务,转政务服务中心", "an administrative approval or public service; to the government service centre"),
        PurchaseServices => new("适合市场提供,转政府购买服务", "suitable for the market; to government purchase of services"),
        MissingFunding => new("未提供经费,退回补正", "no funding offered; returned for correction"),
        DataAlreadyHeld => new("数据已在部门间共享,退回", "data the government already holds; returned"),
        _ => new(outcome, outcome),
    };

    /// <summary>
    /// Flags the application when a target community's estimated monthly hours (items in force plus this one) would
    /// exceed the cap.
    /// </summary>
    internal static async Task CheckBurdenAsync(DbContext db, Application application, double cap, CancellationToken cancellationToken)
    {
        var communities = await TargetUnits.CommunitiesAsync(db, application, cancellationToken);
        var inForce = await db.Set<PlanListEntry>().AsNoTracking()
            .Where(p => p.District == application.District && p.Status == PlanEntryStatus.InForce)
            .Select(p => new { p.Communities, p.WorkloadHoursPerMonth })
            .ToListAsync(cancellationToken);
        var hours = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var entry in inForce)
        {
            foreach (var code in entry.Communities)
            {
                hours[code] = hours.GetValueOrDefault(code) + entry.WorkloadHoursPerMonth;
            }
        }

        var limit = (decimal)cap;
        var over = communities
            .Select(c => (c.Code, c.NameZh, Hours: hours.GetValueOrDefault(c.Code) + application.WorkloadHoursPerMonth))
            .Where(c => c.Hours > limit)
            .ToList();
        application.BurdenFlagged = over.Count > 0;
        application.BurdenDetail = over.Count == 0
            ? null
            : $"{over.Count} 个社区准入后每月预计超过 {limit:0.#} 小时(最高 {over.Max(o => o.Hours):0.#} 小时:{string.Join("、", over.Take(10).Select(o => o.NameZh))}) / "
              + $"{over.Count} communities would exceed {limit:0.#} hours a month (up to {over.Max(o => o.Hours):0.#} h: {string.Join(", ", over.Take(10).Select(o => o.Code))})";
    }

    private static async Task<Text> SuggestAsync(ActivityContext context, Application application, CancellationToken cancellationToken)
    {
        var lists = context.Services.GetRequiredService<ReferenceLists>();
        var today = WorkingDayCalendar.ChinaDate(context.Now);
        var text = $"{application.Title} {application.Description} {application.LegalBasis}";
        var found = new List<(string List, ReferenceItem Item)>();
        foreach (var kind in new[] { ReferenceListKind.NegativeList, ReferenceListKind.DutyList })
        {
            var list = await lists.InEffectAsync(application.District, kind, today, cancellationToken);
            foreach (var item in list?.Items ?? [])
            {
                if (item.Keywords.Any(k => text.Contains(k, StringComparison.OrdinalIgnoreCase)) || text.Contains(item.TitleZh, StringComparison.Ordinal))
                {
                    found.Add(($"{kind}:v{list!.Version}", item));
                }
            }
        }

        return found.Count == 0
            ? new("未发现相关的清单项。", "No list item looks relevant.")
            : new($"可能相关的清单项:{string.Join(";", found.Take(10).Select(f => $"{f.Item.Code} {f.Item.TitleZh}"))}。",
                $"List items that look relevant: {string.Join("; ", found.Take(10).Select(f => $"{f.Item.Code} {f.Item.TitleEn}"))}.");
    }
}
