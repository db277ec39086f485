using Microsoft.EntityFrameworkCore;
using TaskRouting.Workflows.Runtime.Activities.Human;

namespace TaskRouting.Activities.Funding;

/// <summary>The department confirms the exact total (per community × communities) in <c>data.total</c>.</summary>
internal sealed class FundingCompletionCheck(DbContext db) : IHumanTaskCompletionCheck
{
    public string Form => ConfirmFunding.Form;

    public async ValueTask CheckAsync(HumanTaskCompletion completion, IList<KeyValuePair<string, string>> errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(errors);
        if (!Guid.TryParse(completion.TaskPayload["context"]?["applicationId"]?.ToString(), out var id))
        {
            return;
        }

        var pledged = await db.Set<FundingLedgerEntry>().AsNoTracking().Where(f => f.ApplicationId == id).Select(f => f.Pledged).ToListAsync(cancellationToken);
        var total = pledged.Sum();
        var given = completion.Data?["total"];
        decimal value;
        try
        {
            value = given is null ? -1 : given.GetValue<decimal>();
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            value = -1;
        }

        if (given is null)
        {
            errors.Add(new("data.total", $"请填写确认的经费总额({total:0.00} 元)/ enter the total you confirm ({total:0.00})"));
        }
        else if (value != total)
        {
            errors.Add(new("data.total", $"确认的总额须为 {total:0.00} 元({pledged.Count} 个社区)/ the confirmed total must be {total:0.00} ({pledged.Count} communities)"));
        }
    }
}
