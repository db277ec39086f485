using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Organisation;
using TaskRouting.Workflows.Runtime.Activities.Human;

namespace TaskRouting.Activities.Violations;

/// <summary>
/// Accepting a report needs its remit (<c>data.remit</c>: Street, Department or SeveralDepartments); one department may
/// be named (<c>data.department</c>, else the reported one), several need at least one more (<c>data.departments</c>),
/// each a department of the district.
/// </summary>
internal sealed class TriageCompletionCheck(DbContext db) : IHumanTaskCompletionCheck
{
    public string Form => TriageViolation.Form;

    public async ValueTask CheckAsync(HumanTaskCompletion completion, IList<KeyValuePair<string, string>> errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(errors);
        if (completion.Outcome != TriageViolation.Accept)
        {
            return;
        }

        var text = completion.Data?["remit"]?.ToString();
        if (!Enum.TryParse<ViolationRemit>(text, ignoreCase: true, out var remit) || !Enum.IsDefined(remit) || int.TryParse(text, out _))
        {
            errors.Add(new("data.remit", "请选择办理范围:Street(街道)、Department(单一部门)或 SeveralDepartments(多部门) / data.remit must be Street, Department or SeveralDepartments"));
            return;
        }

        var named = remit switch
        {
            ViolationRemit.Department when completion.Data?["department"] is JsonNode one => [one.ToString()],
            ViolationRemit.SeveralDepartments => (completion.Data?["departments"] as JsonArray)?.Select(n => n?.ToString() ?? "").ToList() ?? [],
            _ => new List<string>(),
        };
        var reported = completion.TaskPayload["context"]?["reportedUnit"]?.ToString();
        if (remit == ViolationRemit.SeveralDepartments && named.Where(n => n != reported).Distinct().Count() < 1)
        {
            errors.Add(new("data.departments", "多部门办理须列出被举报部门之外的至少一个部门 / SeveralDepartments needs at least one department besides the reported one"));
            return;
        }

        var known = await db.Set<Department>().Where(d => d.DistrictCode == completion.Tenant && named.Contains(d.Code)).Select(d => d.Code).ToListAsync(cancellationToken);
        foreach (var unknown in named.Except(known, StringComparer.Ordinal))
        {
            errors.Add(new(remit == ViolationRemit.Department ? "data.department" : "data.departments", $"本区没有部门 {unknown} / There is no department {unknown} in this district"));
        }
    }
}

/// <summary>A confirmed finding may set its own correction deadline (<c>data.correctionWorkingDays</c>, 1 to 60).</summary>
internal sealed class FindingCompletionCheck : IHumanTaskCompletionCheck
{
    public string Form => RecordFinding.Form;

    public ValueTask CheckAsync(HumanTaskCompletion completion, IList<KeyValuePair<string, string>> errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(errors);
        var given = completion.Data?["correctionWorkingDays"];
        if (completion.Outcome == RecordFinding.Confirmed && given is not null && (!int.TryParse(given.ToString(), out var days) || days is < 1 or > 60))
        {
            errors.Add(new("data.correctionWorkingDays", "整改期限应为 1 到 60 个工作日 / correctionWorkingDays must be 1 to 60"));
        }

        return ValueTask.CompletedTask;
    }
}
