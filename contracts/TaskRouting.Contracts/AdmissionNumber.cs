using System.Text.Json.Serialization;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TaskRouting.Contracts;

/// <summary>Which batch admitted an item: the January window, the July window or the emergency track.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AdmissionSeries>))]
public enum AdmissionSeries
{
    /// <summary>The January review window (上半年).</summary>
    H1,

    /// <summary>The July review window (下半年).</summary>
    H2,

    /// <summary>The emergency track (紧急事项).</summary>
    EM,
}

/// <summary>
/// The number an admitted work item carries on the district's public plan list (准入编号): district code, year,
/// series (<c>H1</c>, <c>H2</c> or <c>EM</c>) and a sequence within them, formatted
/// <c>{district}-{year}-{series}-{sequence:000}</c>, e.g. <c>DX-2026-H1-007</c>. Communities refuse dispatched work
/// whose number is not on the list.
/// </summary>
/// <param name="District">The district's code (the tenant); it may itself contain '-'.</param>
/// <param name="Year">The admission year.</param>
/// <param name="Series">The batch that admitted it.</param>
/// <param name="Sequence">The sequence within the district, year and series, starting at 1.</param>
public sealed record AdmissionNumber(string District, int Year, AdmissionSeries Series, int Sequence)
{
    /// <summary>Formats the number as it is printed on the plan list.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{District}-{Year:0000}-{Series}-{Sequence:000}");

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
        var seriesText = parts[^2];
        var yearText = parts[^3];
        var district = string.Join('-', parts[..^3]);
        if (district.Length == 0
            || seriesText is not ("H1" or "H2" or "EM")
            || yearText.Length != 4
            || !int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || sequenceText.Length < 3
            || !int.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 1)
        {
            return false;
        }

        number = new AdmissionNumber(district, year, Enum.Parse<AdmissionSeries>(seriesText), sequence);
        // Only the canonical spelling is a number (no extra leading zeros beyond the three-digit minimum).
        if (number.ToString() != text)
        {
            number = null;
            return false;
        }

        return true;
    }
}
