using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TaskRouting.Contracts;

/// <summary>
/// The number an admitted work item carries on the district's public plan list
/// (准入编号): district code, year, half-year (1 = January window, 2 = July window, 0 = emergency track)
/// and a sequence within that half. Formatted as <c>{district}-{year}-H{half}-{sequence:0000}</c>,
/// e.g. <c>370203-2026-H1-0007</c>. Communities refuse dispatched work whose number is not on the list.
/// </summary>
/// <param name="DistrictCode">The district's code (the tenant).</param>
/// <param name="Year">The admission year.</param>
/// <param name="Half">1 for the January window, 2 for the July window, 0 for the emergency track.</param>
/// <param name="Sequence">The sequence within the district, year and half, starting at 1.</param>
public sealed record AdmissionNumber(string DistrictCode, int Year, int Half, int Sequence)
{
    /// <summary>Formats the number as it is printed on the plan list.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{DistrictCode}-{Year:0000}-H{Half}-{Sequence:0000}");

    /// <summary>Parses a number formatted by <see cref="ToString"/>.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="number">The parsed number when the text is well formed.</param>
    /// <returns><see langword="true"/> when the text is a well-formed admission number.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out AdmissionNumber? number)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Split('-');
        if (parts.Length < 4)
        {
            return false;
        }

        // The district code itself may contain '-', so read the last three parts from the end.
        var sequenceText = parts[^1];
        var halfText = parts[^2];
        var yearText = parts[^3];
        var district = string.Join('-', parts[..^3]);
        if (district.Length == 0
            || halfText.Length != 2 || halfText[0] != 'H'
            || !int.TryParse(halfText.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var half) || half > 2
            || yearText.Length != 4
            || !int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 1)
        {
            return false;
        }

        number = new AdmissionNumber(district, year, half, sequence);
        return true;
    }
}
