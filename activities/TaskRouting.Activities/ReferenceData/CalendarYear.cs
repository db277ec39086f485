using TaskRouting.Platform.Http;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace TaskRouting.Activities.ReferenceData;

/// <summary>One listed day of a national holiday calendar: a holiday or a make-up working day (调休上班).</summary>
/// <param name="Date">The calendar date.</param>
/// <param name="Kind">Whether the day is a day off or a worked weekend day.</param>
/// <param name="NameZh">The Chinese name, e.g. 春节 or 春节调休上班.</param>
/// <param name="NameEn">The English name, e.g. Spring Festival.</param>
public sealed record CalendarDay(DateOnly Date, CalendarDayKind Kind, string NameZh, string NameEn);

/// <summary>What a listed day is.</summary>
public enum CalendarDayKind
{
    /// <summary>A day off (法定节假日 or a day of its bridged holiday), whatever weekday it falls on.</summary>
    Holiday,

    /// <summary>A Saturday or Sunday that is worked (调休上班).</summary>
    MakeUpWorkday,
}

/// <summary>
/// One year of the State Council's holiday schedule: every holiday date (also those on weekends) and every make-up
/// working day. Days not listed follow the week: Monday to Friday worked, Saturday and Sunday off.
/// </summary>
/// <param name="Year">The calendar year (2000–2100).</param>
/// <param name="Source">Where the data comes from (the notice's title, number and publication date).</param>
/// <param name="Days">The listed days.</param>
public sealed record CalendarYear(int Year, string Source, IReadOnlyList<CalendarDay> Days)
{
    /// <summary>The smallest accepted year.</summary>
    public const int MinYear = 2000;

    /// <summary>The largest accepted year.</summary>
    public const int MaxYear = 2100;

    /// <summary>The longest accepted source text.</summary>
    public const int MaxSourceLength = 500;

    /// <summary>The longest accepted day name (either language).</summary>
    public const int MaxNameLength = 50;

    private const string DateFormat = "yyyy-MM-dd";

    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web);

    private static readonly JsonSerializerOptions WriteOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Keep the Chinese names readable in the written file (HTML-sensitive characters are still escaped).
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Parses and validates a calendar year; throws <see cref="FormatException"/> listing every field error.</summary>
    /// <param name="json">The JSON text (<c>{"year":…,"source":…,"days":[…]}</c>).</param>
    /// <returns>The valid calendar year.</returns>
    /// <exception cref="FormatException">The text is not valid JSON, does not have the expected shape, or fails <see cref="Validate"/>.</exception>
    public static CalendarYear Parse(string json)
    {
        var (year, errors) = TryParse(json);
        if (errors.Count > 0)
        {
            throw new FormatException(
                "日历数据无效 / Invalid calendar data: " + string.Join("; ", errors.Select(e => e.Field + ": " + e.Message)));
        }

        return year!;
    }

    /// <summary>
    /// Parses and validates a calendar year without throwing for bad input. Syntax errors, wrong value types, bad
    /// date text and unknown kinds come back as field errors; when the shape is right, the errors of
    /// <see cref="Validate"/> follow. <c>Year</c> is set only when there are no errors.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The year (or null) and the field errors (empty when valid).</returns>
    public static (CalendarYear? Year, IReadOnlyList<FieldError> Errors) TryParse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);

        RawYear? raw;
        try
        {
            raw = JsonSerializer.Deserialize<RawYear>(json, ReadOptions);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "json" : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path;
            return (null, [new FieldError(field, "JSON 格式错误 / Invalid JSON: " + ex.Message)]);
        }

        if (raw is null)
        {
            return (null, [new FieldError("json", "需要一个 JSON 对象 / A JSON object is required")]);
        }

        var errors = new List<FieldError>();
        if (raw.Year is null)
        {
            errors.Add(new FieldError("year", "年份必填 / The year is required"));
        }

        var days = new List<CalendarDay>(raw.Days?.Count ?? 0);
        for (var i = 0; i < (raw.Days?.Count ?? 0); i++)
        {
            var rawDay = raw.Days![i];
            if (rawDay is null)
            {
                errors.Add(new FieldError(DayField(i, null), "日期条目不能为空 / A day entry must not be null"));
                continue;
            }

            var dateOk = DateOnly.TryParseExact(rawDay.Date, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
            if (!dateOk)
            {
                errors.Add(new FieldError(
                    DayField(i, "date"),
                    $"日期格式应为 yyyy-MM-dd:\"{rawDay.Date}\" / The date must be written yyyy-MM-dd: \"{rawDay.Date}\""));
            }

            var kind = ParseKind(rawDay.Kind);
            if (kind is null)
            {
                errors.Add(new FieldError(
                    DayField(i, "kind"),
                    $"类型应为 holiday 或 makeUpWorkday:\"{rawDay.Kind}\" / The kind must be holiday or makeUpWorkday: \"{rawDay.Kind}\""));
            }

            if (dateOk && kind is not null)
            {
                days.Add(new CalendarDay(date, kind.Value, rawDay.NameZh ?? string.Empty, rawDay.NameEn ?? string.Empty));
            }
        }

        // Validation refers to days by index, so it only runs when every entry could be read.
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var year = new CalendarYear(raw.Year!.Value, raw.Source ?? string.Empty, days);
        var validation = year.Validate();
        return validation.Count > 0 ? (null, validation) : (year, validation);
    }

    /// <summary>
    /// Checks the data: year within 2000–2100; source present (at most 500 characters); at least one day; every date
    /// inside the year and listed once; make-up working days only on Saturday or Sunday; both names present (at most
    /// 50 characters each).
    /// </summary>
    /// <returns>The field errors, empty when the data is valid.</returns>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (Year is < MinYear or > MaxYear)
        {
            errors.Add(new FieldError(
                "year",
                Invariant($"年份须在 {MinYear} 至 {MaxYear} 之间:{Year} / The year must be between {MinYear} and {MaxYear}: {Year}")));
        }

        if (string.IsNullOrWhiteSpace(Source))
        {
            errors.Add(new FieldError("source", "来源必填(通知名称、文号、发布日期) / The source is required (the notice's title, number and date)"));
        }
        else if (Source.Length > MaxSourceLength)
        {
            errors.Add(new FieldError(
                "source",
                Invariant($"来源不能超过 {MaxSourceLength} 个字符 / The source must not exceed {MaxSourceLength} characters")));
        }

        if (Days is null || Days.Count == 0)
        {
            errors.Add(new FieldError("days", "至少要列出一天(节假日或调休上班日) / At least one day (holiday or make-up working day) must be listed"));
            return errors;
        }

        var firstIndexOf = new Dictionary<DateOnly, int>(Days.Count);
        for (var i = 0; i < Days.Count; i++)
        {
            var day = Days[i];
            if (day is null)
            {
                errors.Add(new FieldError(DayField(i, null), "日期条目不能为空 / A day entry must not be null"));
                continue;
            }

            var dateText = day.Date.ToString(DateFormat, CultureInfo.InvariantCulture);
            if (day.Date.Year != Year)
            {
                errors.Add(new FieldError(
                    DayField(i, "date"),
                    Invariant($"{dateText} 不在 {Year} 年内 / {dateText} is not in {Year}")));
            }

            if (firstIndexOf.TryGetValue(day.Date, out var first))
            {
                errors.Add(new FieldError(
                    DayField(i, "date"),
                    Invariant($"{dateText} 重复(已见于 days[{first}]) / {dateText} is listed twice (already at days[{first}])")));
            }
            else
            {
                firstIndexOf.Add(day.Date, i);
            }

            if (day.Kind == CalendarDayKind.MakeUpWorkday && day.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                errors.Add(new FieldError(
                    DayField(i, "kind"),
                    Invariant($"调休上班日只能是周六或周日,{dateText} 是 {day.Date.DayOfWeek} / A make-up working day must be a Saturday or Sunday; {dateText} is a {day.Date.DayOfWeek}")));
            }
            else if (!Enum.IsDefined(day.Kind))
            {
                errors.Add(new FieldError(DayField(i, "kind"), "未知的日期类型 / Unknown kind of day"));
            }

            CheckName(errors, DayField(i, "nameZh"), day.NameZh, "中文名称", "The Chinese name");
            CheckName(errors, DayField(i, "nameEn"), day.NameEn, "英文名称", "The English name");
        }

        return errors;
    }

    /// <summary>Writes the year as JSON in the shape <see cref="Parse"/> reads (camelCase, kinds as camelCase strings).</summary>
    /// <returns>Indented JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, WriteOptions);

    private static void CheckName(List<FieldError> errors, string field, string? name, string whatZh, string whatEn)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new FieldError(field, $"{whatZh}必填 / {whatEn} is required"));
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(new FieldError(
                field,
                Invariant($"{whatZh}不能超过 {MaxNameLength} 个字符 / {whatEn} must not exceed {MaxNameLength} characters")));
        }
    }

    private static CalendarDayKind? ParseKind(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (var kind in Enum.GetValues<CalendarDayKind>())
        {
            if (string.Equals(text, JsonNamingPolicy.CamelCase.ConvertName(kind.ToString()), StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        return null;
    }

    private static string DayField(int index, string? property) =>
        property is null ? Invariant($"days[{index}]") : Invariant($"days[{index}].{property}");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    // The raw shape: strings for date and kind, so bad values become field errors rather than exceptions.
    private sealed record RawYear(int? Year, string? Source, IReadOnlyList<RawDay?>? Days);

    private sealed record RawDay(string? Date, string? Kind, string? NameZh, string? NameEn);
}

/// <summary>The calendar years shipped with the assembly (<c>ReferenceData/Calendars/*.json</c>, embedded).</summary>
public static class ShippedCalendars
{
    /// <summary>The prefix of the embedded calendar resources' names.</summary>
    public const string ResourcePrefix = "TaskRouting.Activities.Calendars.";

    private static readonly Lazy<IReadOnlyList<CalendarYear>> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every shipped year, ordered by resource name; read and validated once, on first use.</summary>
    /// <exception cref="InvalidOperationException">A shipped file is invalid (a build defect, not a user error).</exception>
    public static IReadOnlyList<CalendarYear> All => Loaded.Value;

    private static IReadOnlyList<CalendarYear> Load()
    {
        var assembly = typeof(ShippedCalendars).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var years = new List<CalendarYear>(names.Count);
        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Embedded calendar {name} cannot be opened");
            using var reader = new StreamReader(stream);
            try
            {
                years.Add(CalendarYear.Parse(reader.ReadToEnd()));
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"Embedded calendar {name} is invalid: {ex.Message}", ex);
            }
        }

        return years.AsReadOnly();
    }
}
