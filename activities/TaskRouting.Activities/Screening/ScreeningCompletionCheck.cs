using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Workflows.Runtime.Activities.Human;

namespace TaskRouting.Activities.Screening;

/// <summary>"On the duty list" and "on the negative list" must cite an item of the list in effect today (<c>data.reference</c>).</summary>
internal sealed class ScreeningCompletionCheck(ReferenceLists lists, TimeProvider time) : IHumanTaskCompletionCheck
{
    public string Form => ScreenApplication.Form;

    public async ValueTask CheckAsync(HumanTaskCompletion completion, IList<KeyValuePair<string, string>> errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(errors);
        if (!ScreenApplication.NeedsReference.Contains(completion.Outcome) || completion.Tenant is null)
        {
            return;
        }

        var kind = completion.Outcome == ScreenApplication.OnDutyList ? ReferenceListKind.DutyList : ReferenceListKind.NegativeList;
        var code = completion.Data?["reference"]?.ToString();
        if (string.IsNullOrWhiteSpace(code))
        {
            errors.Add(new("data.reference", $"请注明所依据的{(kind == ReferenceListKind.DutyList ? "职责清单" : "负面清单")}事项编码 / cite the {kind} item code"));
            return;
        }

        var list = await lists.InEffectAsync(completion.Tenant, kind, WorkingDayCalendar.ChinaDate(time.GetUtcNow()), cancellationToken);
        if (list?.Items.Any(i => string.Equals(i.Code, code, StringComparison.OrdinalIgnoreCase)) != true)
        {
            errors.Add(new("data.reference", $"现行{(kind == ReferenceListKind.DutyList ? "职责清单" : "负面清单")}中没有事项 {code} / the {kind} in effect has no item {code}"));
        }
    }
}
