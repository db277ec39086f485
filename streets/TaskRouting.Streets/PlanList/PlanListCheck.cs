using Microsoft.EntityFrameworkCore;
using TaskRouting.Contracts.PlanList;
using TaskRouting.Streets.Data;

namespace TaskRouting.Streets.PlanList;

/// <summary>What the central side says about one admission number.</summary>
/// <param name="AdmissionNumber">The number, e.g. <c>DX-2026-H1-001</c>.</param>
/// <param name="Status">Its status on the plan list.</param>
/// <param name="Department">The department that applied.</param>
/// <param name="Title">The item's title.</param>
public sealed record PlanListAnswer(string AdmissionNumber, PlanListStatus Status, string Department, string Title);

/// <summary>Where the gateway asks about an admission number its copy of the plan list does not hold.</summary>
public interface IPlanListSource
{
    /// <summary>The number's entry on the district's plan list, or null when there is none.</summary>
    Task<PlanListAnswer?> FindAsync(string district, string admissionNumber, CancellationToken cancellationToken);
}

/// <summary>
/// Answers "is this admission number on the plan list, in force?" from the gateway's copy, and asks the central side
/// (<see cref="IPlanListSource"/>) about numbers the copy does not hold (the change may still be on its way, or the
/// gateway started after it). The copy itself is written only by PlanListEntryChanged, so concurrent batches never
/// race to insert the same number.
/// </summary>
public sealed class PlanListCheck(StreetsDbContext db, IPlanListSource source)
{
    /// <summary>The statuses of <paramref name="numbers"/> in <paramref name="district"/>; a number missing from the result is not on the plan list.</summary>
    public async Task<Dictionary<string, PlanListStatus>> StatusesAsync(string district, IReadOnlyCollection<string> numbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var known = await db.Set<PlanListCopy>().Where(p => p.District == district && numbers.Contains(p.AdmissionNumber))
            .ToDictionaryAsync(p => p.AdmissionNumber, p => p.Status, StringComparer.Ordinal, cancellationToken);
        foreach (var number in numbers.Where(n => !known.ContainsKey(n)).ToList())
        {
            if (await source.FindAsync(district, number, cancellationToken) is { } answer)
            {
                known[number] = answer.Status;
            }
        }

        return known;
    }
}
