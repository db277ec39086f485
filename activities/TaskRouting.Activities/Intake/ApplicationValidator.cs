using TaskRouting.Platform.Http;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Platform.Organisation;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Intake;

/// <summary>
/// Field-level validation of the application form: required fields and their lengths, targets that exist in the
/// district, no negative amounts, dates not in the past, and for an urgent item a justification and a needed-by
/// date at least the lead time in working days after filing (by the calendar; the earliest allowed date is named).
/// </summary>
public static class ApplicationValidator
{
    public static async Task<List<FieldError>> ValidateAsync(
        DbContext db, string district, ApplicationForm? form, DateOnly today, WorkingDayCalendar calendar, int emergencyLeadWorkingDays,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(calendar);
        var errors = new List<FieldError>();
        if (form is null)
        {
            errors.Add(new("body", "请求内容不能为空 / the request body is required"));
            return errors;
        }

        Text(errors, "title", form.Title, 200, "标题", "title");
        Text(errors, "description", form.Description, 4000, "事项说明", "description");
        Text(errors, "legalBasis", form.LegalBasis, 1000, "法律依据", "legalBasis");
        if (form.Category is null || !Enum.IsDefined(form.Category.Value))
        {
            errors.Add(new("category", "类别须为 Task、FormLedger、Certificate、Campaign、OrganisationSign 之一 / category must be Task, FormLedger, Certificate, Campaign or OrganisationSign"));
        }

        await TargetsAsync(db, district, form, errors, cancellationToken);

        if (form.StartDate is null)
        {
            errors.Add(new("startDate", "开始日期不能为空 / startDate is required"));
        }
        else if (form.StartDate < today)
        {
            errors.Add(new("startDate", $"开始日期不能早于今天 {today:yyyy-MM-dd} / startDate cannot be before today ({today:yyyy-MM-dd})"));
        }

        if (form.DurationMonths is null or < 1 or > 60)
        {
            errors.Add(new("durationMonths", "期限须为 1–60 个月 / durationMonths must be 1–60"));
        }

        if (form.WorkloadHoursPerMonth is null or < 0 or > 744)
        {
            errors.Add(new("workloadHoursPerMonth", "每个社区每月工时须在 0–744 之间 / workloadHoursPerMonth must be 0–744"));
        }

        if (form.FundingPerCommunity is null)
        {
            errors.Add(new("fundingPerCommunity", "每个社区的经费不能为空(没有经费请填 0) / fundingPerCommunity is required (0 when none is offered)"));
        }
        else if (form.FundingPerCommunity < 0 || form.FundingPerCommunity > 100_000_000m)
        {
            errors.Add(new("fundingPerCommunity", "每个社区的经费不能为负数,且不超过 1 亿元 / fundingPerCommunity cannot be negative or above 100,000,000"));
        }

        var forms = form.FormsAndLedgers ?? [];
        if (forms.Count > 100)
        {
            errors.Add(new("formsAndLedgers", "报表台账最多 100 项 / at most 100 forms and ledgers"));
        }

        for (var i = 0; i < forms.Count; i++)
        {
            Text(errors, $"formsAndLedgers[{i}].name", forms[i]?.Name, 200, "报表名称", "name");
            Text(errors, $"formsAndLedgers[{i}].frequency", forms[i]?.Frequency, 50, "填报频次", "frequency");
        }

        Optional(errors, "supportPersonnel", form.SupportPersonnel, 1000);
        Optional(errors, "supportTraining", form.SupportTraining, 1000);
        Optional(errors, "supportGuidance", form.SupportGuidance, 1000);
        Urgency(errors, form, today, calendar, emergencyLeadWorkingDays);
        return errors;
    }

    /// <summary>The earliest needed-by date an urgent item filed today may ask for.</summary>
    public static DateOnly EarliestNeededBy(WorkingDayCalendar calendar, DateOnly filedOn, int leadWorkingDays)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.AddWorkingDays(filedOn, leadWorkingDays);
    }

    private static void Urgency(List<FieldError> errors, ApplicationForm form, DateOnly today, WorkingDayCalendar calendar, int lead)
    {
        if (!form.Urgent)
        {
            return;
        }

        Text(errors, "urgencyJustification", form.UrgencyJustification, 2000, "紧急理由", "urgencyJustification");
        if (form.NeededBy is null)
        {
            errors.Add(new("neededBy", "紧急事项须填写需用日期 / neededBy is required for an urgent item"));
            return;
        }

        if (form.NeededBy < today)
        {
            errors.Add(new("neededBy", $"需用日期不能早于今天 {today:yyyy-MM-dd} / neededBy cannot be in the past (today is {today:yyyy-MM-dd})"));
            return;
        }

        try
        {
            var earliest = EarliestNeededBy(calendar, today, lead);
            if (form.NeededBy < earliest)
            {
                errors.Add(new("neededBy",
                    $"紧急事项须至少提前 {lead} 个工作日申报,最早可选 {earliest:yyyy-MM-dd} / an urgent item must be filed {lead} working days ahead: the earliest allowed needed-by date is {earliest:yyyy-MM-dd}"));
            }
        }
        catch (CalendarUnavailableException ex)
        {
            errors.Add(new("neededBy", ex.Message));
        }
    }

    private static async Task TargetsAsync(DbContext db, string district, ApplicationForm form, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var streets = form.TargetStreets ?? [];
        var communities = form.TargetCommunities ?? [];
        if (!form.WholeDistrict && streets.Count == 0 && communities.Count == 0)
        {
            errors.Add(new("targetCommunities", "请选择目标街道、社区或全区 / choose target streets, communities or the whole district"));
            return;
        }

        if (streets.Count + communities.Count > 10_000)
        {
            errors.Add(new("targetCommunities", "目标过多 / too many targets"));
            return;
        }

        var knownStreets = await db.Set<Street>().AsNoTracking().Where(s => s.DistrictCode == district && streets.Contains(s.Code)).Select(s => s.Code).ToListAsync(cancellationToken);
        for (var i = 0; i < streets.Count; i++)
        {
            if (!knownStreets.Contains(streets[i]))
            {
                errors.Add(new($"targetStreets[{i}]", $"本区没有街道 {streets[i]} / there is no street {streets[i]} in the district"));
            }
        }

        var knownCommunities = await db.Set<Community>().AsNoTracking().Where(c => c.DistrictCode == district && communities.Contains(c.Code)).Select(c => c.Code).ToListAsync(cancellationToken);
        for (var i = 0; i < communities.Count; i++)
        {
            if (!knownCommunities.Contains(communities[i]))
            {
                errors.Add(new($"targetCommunities[{i}]", $"本区没有社区 {communities[i]} / there is no community {communities[i]} in the district"));
            }
        }
    }

    private static void Text(List<FieldError> errors, string field, string? value, int max, string zh, string en)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, $"{zh}不能为空 / {en} is required"));
        }
        else if (value.Length > max)
        {
            errors.Add(new(field, $"{zh}不能超过 {max} 个字符 / {en} must be at most {max} characters"));
        }
    }

    private static void Optional(List<FieldError> errors, string field, string? value, int max)
    {
        if (value is { Length: > 0 } && value.Length > max)
        {
            errors.Add(new(field, $"不能超过 {max} 个字符 / {field} must be at most {max} characters"));
        }
    }
}
