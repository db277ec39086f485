using TaskRouting.Activities.ReferenceData;

namespace TaskRouting.Activities.Tests.ReferenceData;

public sealed class CalendarYearTests
{
    private const string Source = "国务院办公厅关于2026年部分节假日安排的通知(国办发明电〔2025〕7号),2025-11-04";

    private static CalendarDay Holiday(int month, int day) =>
        new(new DateOnly(2026, month, day), CalendarDayKind.Holiday, "春节", "Spring Festival");

    private static CalendarDay MakeUp(int month, int day) =>
        new(new DateOnly(2026, month, day), CalendarDayKind.MakeUpWorkday, "春节调休上班", "Make-up working day (Spring Festival)");

    private static CalendarYear Shipped2026() => Assert.Single(ShippedCalendars.All, y => y.Year == 2026);

    [Fact]
    public void ShippedCalendars_All_Contains2026ParsedAndValid()
    {
        var year = Shipped2026();

        Assert.Empty(year.Validate());
        Assert.Equal(Source, year.Source);
        Assert.Equal(33, year.Days.Count(d => d.Kind == CalendarDayKind.Holiday));
        Assert.Equal(6, year.Days.Count(d => d.Kind == CalendarDayKind.MakeUpWorkday));
    }

    [Fact]
    public void ShippedCalendars_2026_ListsTheStateCouncilDates()
    {
        var year = Shipped2026();
        var holidays = year.Days.Where(d => d.Kind == CalendarDayKind.Holiday).Select(d => d.Date).ToHashSet();
        var makeUps = year.Days.Where(d => d.Kind == CalendarDayKind.MakeUpWorkday).Select(d => d.Date).Order().ToList();

        static IEnumerable<DateOnly> Range(int month, int first, int last) =>
            Enumerable.Range(first, last - first + 1).Select(day => new DateOnly(2026, month, day));
        var expected = Range(1, 1, 3).Concat(Range(2, 15, 23)).Concat(Range(4, 4, 6)).Concat(Range(5, 1, 5))
            .Concat(Range(6, 19, 21)).Concat(Range(9, 25, 27)).Concat(Range(10, 1, 7)).ToHashSet();

        Assert.True(expected.SetEquals(holidays));
        Assert.Equal(
            [new DateOnly(2026, 1, 4), new DateOnly(2026, 2, 14), new DateOnly(2026, 2, 28), new DateOnly(2026, 5, 9), new DateOnly(2026, 9, 20), new DateOnly(2026, 10, 10)],
            makeUps);
        Assert.All(year.Days, d => Assert.False(string.IsNullOrWhiteSpace(d.NameZh)));
        Assert.Equal("春节", year.Days.Single(d => d.Date == new DateOnly(2026, 2, 17)).NameZh);
        Assert.Equal("National Day", year.Days.Single(d => d.Date == new DateOnly(2026, 10, 1)).NameEn);
    }

    [Fact]
    public void ToJson_ShippedYear_RoundTripsThroughParse()
    {
        var year = Shipped2026();

        var json = year.ToJson();
        var again = CalendarYear.Parse(json);

        Assert.Equal(year.Year, again.Year);
        Assert.Equal(year.Source, again.Source);
        Assert.Equal(year.Days, again.Days);
        Assert.Contains("\"kind\": \"makeUpWorkday\"", json, StringComparison.Ordinal);
        Assert.Contains("\"date\": \"2026-01-04\"", json, StringComparison.Ordinal);
        Assert.Contains("春节", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidYear_ReturnsNoErrors()
    {
        var year = new CalendarYear(2026, Source, [Holiday(2, 16), MakeUp(2, 14)]);

        Assert.Empty(year.Validate());
    }

    [Fact]
    public void Validate_MakeUpDayOnWeekday_ReportsKind()
    {
        // 2026-02-13 is a Friday.
        var year = new CalendarYear(2026, Source, [Holiday(2, 16), MakeUp(2, 13)]);

        var error = Assert.Single(year.Validate());
        Assert.Equal("days[1].kind", error.Field);
        Assert.Contains(" / ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HolidayOnWeekend_IsAllowed()
    {
        // 2026-01-03 is a Saturday and is listed as a holiday.
        var year = new CalendarYear(2026, Source, [new CalendarDay(new DateOnly(2026, 1, 3), CalendarDayKind.Holiday, "元旦", "New Year's Day")]);

        Assert.Empty(year.Validate());
    }

    [Fact]
    public void Validate_DuplicateDate_ReportsLaterDate()
    {
        var year = new CalendarYear(2026, Source, [Holiday(2, 16), Holiday(2, 17), Holiday(2, 16)]);

        var error = Assert.Single(year.Validate());
        Assert.Equal("days[2].date", error.Field);
        Assert.Contains("days[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DateOutsideYear_ReportsDate()
    {
        var outside = new CalendarDay(new DateOnly(2027, 1, 1), CalendarDayKind.Holiday, "元旦", "New Year's Day");
        var year = new CalendarYear(2026, Source, [Holiday(2, 16), outside]);

        var error = Assert.Single(year.Validate());
        Assert.Equal("days[1].date", error.Field);
    }

    [Fact]
    public void Validate_MissingAndLongNames_ReportsNameFields()
    {
        var year = new CalendarYear(2026, Source,
        [
            new CalendarDay(new DateOnly(2026, 2, 16), CalendarDayKind.Holiday, "", "Spring Festival"),
            new CalendarDay(new DateOnly(2026, 2, 17), CalendarDayKind.Holiday, "春节", "  "),
            new CalendarDay(new DateOnly(2026, 2, 18), CalendarDayKind.Holiday, "春节", new string('x', 51)),
        ]);

        var fields = year.Validate().Select(e => e.Field).ToList();

        Assert.Equal(["days[0].nameZh", "days[1].nameEn", "days[2].nameEn"], fields);
    }

    [Fact]
    public void Validate_YearOutOfRangeAndMissingSource_ReportsBoth()
    {
        var year = new CalendarYear(1999, " ", [new CalendarDay(new DateOnly(1999, 10, 1), CalendarDayKind.Holiday, "国庆节", "National Day")]);

        var fields = year.Validate().Select(e => e.Field).ToList();

        Assert.Equal(["year", "source"], fields);
    }

    [Fact]
    public void Validate_SourceTooLongAndNoDays_ReportsBoth()
    {
        var year = new CalendarYear(2026, new string('来', 501), []);

        var fields = year.Validate().Select(e => e.Field).ToList();

        Assert.Equal(["source", "days"], fields);
    }

    [Fact]
    public void TryParse_BadJson_ReturnsFieldErrorNotException()
    {
        var (year, errors) = CalendarYear.TryParse("{\"year\": 2026, \"days\": [");

        Assert.Null(year);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Contains("JSON", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void TryParse_UnknownKind_ReportsKindField()
    {
        const string json = """
            {"year":2026,"source":"s","days":[
              {"date":"2026-02-16","kind":"holiday","nameZh":"春节","nameEn":"Spring Festival"},
              {"date":"2026-02-14","kind":"weekend","nameZh":"春节调休上班","nameEn":"Make-up"}]}
            """;

        var (year, errors) = CalendarYear.TryParse(json);

        Assert.Null(year);
        var error = Assert.Single(errors);
        Assert.Equal("days[1].kind", error.Field);
        Assert.Contains("weekend", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_BadDateText_ReportsDateField()
    {
        const string json = """
            {"year":2026,"source":"s","days":[{"date":"2026/02/16","kind":"holiday","nameZh":"春节","nameEn":"Spring Festival"}]}
            """;

        var (year, errors) = CalendarYear.TryParse(json);

        Assert.Null(year);
        Assert.Equal("days[0].date", Assert.Single(errors).Field);
    }

    [Fact]
    public void TryParse_WrongValueType_ReportsPathOfValue()
    {
        const string json = """
            {"year":2026,"source":"s","days":[{"date":20260216,"kind":"holiday","nameZh":"春节","nameEn":"Spring Festival"}]}
            """;

        var (year, errors) = CalendarYear.TryParse(json);

        Assert.Null(year);
        Assert.Equal("days[0].date", Assert.Single(errors).Field);
    }

    [Fact]
    public void TryParse_MissingYearAndNull_ReportsRequired()
    {
        var (_, missingYear) = CalendarYear.TryParse("""{"source":"s","days":[]}""");
        var (nullYear, nullErrors) = CalendarYear.TryParse("null");

        Assert.Equal("year", Assert.Single(missingYear).Field);
        Assert.Null(nullYear);
        Assert.Equal("json", Assert.Single(nullErrors).Field);
    }

    [Fact]
    public void TryParse_ValidShapeButInvalidData_ReturnsValidationErrors()
    {
        const string json = """
            {"year":2026,"source":"s","days":[{"date":"2026-02-13","kind":"makeUpWorkday","nameZh":"调休","nameEn":""}]}
            """;

        var (year, errors) = CalendarYear.TryParse(json);

        Assert.Null(year);
        Assert.Equal(["days[0].kind", "days[0].nameEn"], errors.Select(e => e.Field));
    }

    [Fact]
    public void TryParse_ValidJson_ReturnsYearAndNoErrors()
    {
        const string json = """
            {"year":2026,"source":"s","days":[{"date":"2026-02-14","kind":"makeUpWorkday","nameZh":"春节调休上班","nameEn":"Make-up"}]}
            """;

        var (year, errors) = CalendarYear.TryParse(json);

        Assert.Empty(errors);
        Assert.NotNull(year);
        var day = Assert.Single(year.Days);
        Assert.Equal(new CalendarDay(new DateOnly(2026, 2, 14), CalendarDayKind.MakeUpWorkday, "春节调休上班", "Make-up"), day);
    }

    [Fact]
    public void Parse_InvalidData_ThrowsFormatExceptionNamingField()
    {
        const string json = """
            {"year":2026,"source":"s","days":[{"date":"2026-02-13","kind":"makeUpWorkday","nameZh":"调休","nameEn":"Make-up"}]}
            """;

        var ex = Assert.Throws<FormatException>(() => CalendarYear.Parse(json));

        Assert.Contains("days[0].kind", ex.Message, StringComparison.Ordinal);
    }
}
