using System.Collections.Frozen;
using System.Globalization;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.ReferenceData;

/// <summary>
/// The national working-day calendar (Asia/Shanghai) built from the State Council's yearly holiday schedules.
/// Monday to Friday are working days unless listed as holidays; Saturday and Sunday are days off unless listed as
/// make-up working days. A date in a year without data is refused with <see cref="CalendarUnavailableException"/>,
/// never guessed. Immutable and safe to share between threads.
/// </summary>
public sealed class WorkingDayCalendar : IBusinessCalendar
{
    private static readonly TimeOnly EndOfDayTime = new(23, 59, 59);

    private readonly FrozenSet<int> _years;
    private readonly FrozenDictionary<DateOnly, CalendarDay> _days;

    /// <summary>Builds the calendar; a later entry for the same year replaces an earlier one.</summary>
    /// <param name="years">The calendar years; each must pass <see cref="CalendarYear.Validate"/>.</param>
    /// <exception cref="ArgumentException">A year is null or invalid.</exception>
    public WorkingDayCalendar(IEnumerable<CalendarYear> years)
    {
        ArgumentNullException.ThrowIfNull(years);

        var byYear = new Dictionary<int, CalendarYear>();
        foreach (var year in years)
        {
            if (year is null)
            {
                throw new ArgumentException("A calendar year is null", nameof(years));
            }

            var errors = year.Validate();
            if (errors.Count > 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Calendar year {year.Year} is invalid: ")
                        + string.Join("; ", errors.Select(e => e.Field + ": " + e.Message)),
                    nameof(years));
            }

            byYear[year.Year] = year;
        }

        var days = new Dictionary<DateOnly, CalendarDay>();
        foreach (var year in byYear.Values)
        {
            foreach (var day in year.Days)
            {
                days.Add(day.Date, day);
            }
        }

        _years = byYear.Keys.ToFrozenSet();
        _days = days.ToFrozenDictionary();
        Years = byYear.Keys.Order().ToList().AsReadOnly();
    }

    /// <summary>China Standard Time (Asia/Shanghai, UTC+8, no daylight saving time).</summary>
    public static TimeZoneInfo ChinaTime { get; } = FindChinaTime();

    /// <summary>The years this calendar has data for, ascending.</summary>
    public IReadOnlyCollection<int> Years { get; }

    /// <summary>Whether the calendar has data for <paramref name="year"/>.</summary>
    /// <param name="year">The calendar year.</param>
    /// <returns>True when the year's holiday schedule is known.</returns>
    public bool HasYear(int year) => _years.Contains(year);

    /// <summary>Whether <paramref name="date"/> is a working day.</summary>
    /// <param name="date">The date (China time).</param>
    /// <returns>True for a working day (a non-holiday weekday or a make-up working day).</returns>
    /// <exception cref="CalendarUnavailableException">The calendar has no data for the date's year.</exception>
    public bool IsWorkingDay(DateOnly date)
    {
        EnsureYear(date.Year);
        if (_days.TryGetValue(date, out var day))
        {
            return day.Kind == CalendarDayKind.MakeUpWorkday;
        }

        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The listed day (holiday or make-up working day) for <paramref name="date"/>, or null for an ordinary day.</summary>
    /// <param name="date">The date (China time).</param>
    /// <returns>The listed day, or null.</returns>
    /// <exception cref="CalendarUnavailableException">The calendar has no data for the date's year.</exception>
    public CalendarDay? Describe(DateOnly date)
    {
        EnsureYear(date.Year);
        return _days.GetValueOrDefault(date);
    }

    /// <summary>
    /// The <paramref name="workingDays"/>-th working day strictly after <paramref name="date"/> (the date itself is
    /// not counted, whether or not it is a working day). Zero gives <paramref name="date"/> if it is a working day,
    /// else the next working day.
    /// </summary>
    /// <param name="date">The start date (China time).</param>
    /// <param name="workingDays">How many working days to add; not negative.</param>
    /// <returns>The resulting working day.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    /// <exception cref="CalendarUnavailableException">A day counted lies in a year without data.</exception>
    public DateOnly AddWorkingDays(DateOnly date, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        if (workingDays == 0)
        {
            return NextWorkingDayOnOrAfter(date);
        }

        var current = date;
        var remaining = workingDays;
        while (remaining > 0)
        {
            current = current.AddDays(1);
            if (IsWorkingDay(current))
            {
                remaining--;
            }
        }

        return current;
    }

    /// <summary><paramref name="date"/> if it is a working day, else the first working day after it.</summary>
    /// <param name="date">The date (China time).</param>
    /// <returns>The working day.</returns>
    /// <exception cref="CalendarUnavailableException">A day examined lies in a year without data.</exception>
    public DateOnly NextWorkingDayOnOrAfter(DateOnly date)
    {
        var current = date;
        while (!IsWorkingDay(current))
        {
            current = current.AddDays(1);
        }

        return current;
    }

    /// <summary>The first working day of a month (which may be a make-up Saturday or Sunday).</summary>
    /// <param name="year">The year.</param>
    /// <param name="month">The month, 1–12.</param>
    /// <returns>The first working day on or after the first of the month.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The year or month is out of range.</exception>
    /// <exception cref="CalendarUnavailableException">The calendar has no data for the year.</exception>
    public DateOnly FirstWorkingDayOf(int year, int month) => NextWorkingDayOnOrAfter(new DateOnly(year, month, 1));

    /// <summary>How many working days lie after <paramref name="fromExclusive"/> up to and including <paramref name="toInclusive"/>.</summary>
    /// <param name="fromExclusive">The start date, not counted.</param>
    /// <param name="toInclusive">The end date, counted.</param>
    /// <returns>The count; 0 when <paramref name="toInclusive"/> is not after <paramref name="fromExclusive"/>.</returns>
    /// <exception cref="CalendarUnavailableException">A day counted lies in a year without data.</exception>
    public int WorkingDaysBetween(DateOnly fromExclusive, DateOnly toInclusive)
    {
        var count = 0;
        for (var current = fromExclusive; current < toInclusive;)
        {
            current = current.AddDays(1);
            if (IsWorkingDay(current))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The calendar date in China (Asia/Shanghai) of an instant.</summary>
    /// <param name="instant">The instant, in any offset.</param>
    /// <returns>The China date.</returns>
    public static DateOnly ChinaDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, ChinaTime).DateTime);

    /// <summary>23:59:59 China time on <paramref name="date"/>, with the China offset (+08:00).</summary>
    /// <param name="date">The China date.</param>
    /// <returns>The last second of that day.</returns>
    public static DateTimeOffset EndOfDay(DateOnly date)
    {
        var local = date.ToDateTime(EndOfDayTime, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, ChinaTime.GetUtcOffset(local));
    }

    /// <summary>00:00 China time on <paramref name="date"/>, with the China offset (+08:00).</summary>
    public static DateTimeOffset StartOfDay(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, ChinaTime.GetUtcOffset(local));
    }

    /// <summary>
    /// The end (23:59:59 China time) of the working day that is <paramref name="workingDays"/> working days after
    /// the China date of <paramref name="from"/>; see <see cref="AddWorkingDays(DateOnly, int)"/>.
    /// </summary>
    /// <param name="from">The start instant.</param>
    /// <param name="workingDays">How many working days to add; not negative.</param>
    /// <param name="scope">Ignored: the calendar is national.</param>
    /// <returns>The deadline instant, offset +08:00.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    /// <exception cref="CalendarUnavailableException">A day counted lies in a year without data.</exception>
    public DateTimeOffset AddWorkingDays(DateTimeOffset from, int workingDays, string? scope) =>
        EndOfDay(AddWorkingDays(ChinaDate(from), workingDays));

    private void EnsureYear(int year)
    {
        if (!_years.Contains(year))
        {
            throw new CalendarUnavailableException(string.Create(
                CultureInfo.InvariantCulture,
                $"没有 {year} 年的工作日历数据,请办公室先录入国务院公布的节假日安排 / There is no working-day calendar for {year}; the office must enter the State Council's holiday schedule first"));
        }
    }

    private static TimeZoneInfo FindChinaTime()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // A host without time-zone data (e.g. a slim container without tzdata): China has kept UTC+8 without
            // daylight saving time since 1991, so a fixed zone gives the same answers for every date we hold data for.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
