using TaskRouting.Platform.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.ReferenceData;

/// <summary>
/// The working-day calendar as data: one row per version of a year, the newest version in force. Every node keeps
/// the calendar in memory (the business calendar of every deadline) and reloads it after an edit on this node and
/// every <see cref="AdmissionOptions.CalendarRefreshInterval"/> for edits made on other nodes.
/// </summary>
public sealed class CalendarStore : IBusinessCalendar
{
    private volatile WorkingDayCalendar _current = new([]);

    /// <summary>The calendar in force on this node.</summary>
    public WorkingDayCalendar Current => _current;

    public DateTimeOffset AddWorkingDays(DateTimeOffset from, int workingDays, string? scope) => _current.AddWorkingDays(from, workingDays, scope);

    /// <summary>Reads the newest version of every year.</summary>
    public async Task ReloadAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Set<CalendarYearRecord>().AsNoTracking().ToListAsync(cancellationToken);
        var years = rows.GroupBy(r => r.Year).Select(g => CalendarYear.Parse(g.MaxBy(r => r.Version)!.Json));
        _current = new WorkingDayCalendar(years);
    }

    /// <summary>All versions of a year, newest first.</summary>
    public static Task<List<CalendarYearRecord>> VersionsAsync(DbContext db, int year, CancellationToken cancellationToken) =>
        db.Set<CalendarYearRecord>().AsNoTracking().Where(r => r.Year == year).OrderByDescending(r => r.Version).ToListAsync(cancellationToken);

    /// <summary>Stores the shipped years the database does not have yet (never overwrites an office's edit), then reloads.</summary>
    public async Task SeedShippedAsync(DbContext db, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        var known = await db.Set<CalendarYearRecord>().Select(r => r.Year).Distinct().ToListAsync(cancellationToken);
        var added = false;
        foreach (var year in ShippedCalendars.All.Where(y => !known.Contains(y.Year)))
        {
            db.Add(new CalendarYearRecord { Year = year.Year, Version = 1, Json = year.ToJson(), Source = year.Source, CreatedBy = "system", CreatedAt = time.GetUtcNow() });
            audit.Record(db, Actor.System, "calendar.year-published", "calendar-year", $"{year.Year}", null,
                new { year.Year, version = 1, year.Source, days = year.Days.Count, shipped = true }, null);
            added = true;
        }

        if (added)
        {
            await audit.SaveChangesAsync(db, cancellationToken);
        }

        await ReloadAsync(db, cancellationToken);
    }

    /// <summary>Publishes a new version of a year (the office's edit): validated, audited, in force at once on this node.</summary>
    public async Task<CalendarYearRecord> PublishAsync(
        DbContext db, AuditTrail audit, Actor actor, int year, string json, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(time);
        var (parsed, errors) = CalendarYear.TryParse(json);
        var all = errors.ToList();
        if (parsed is not null)
        {
            all.AddRange(parsed.Validate());
            if (parsed.Year != year)
            {
                all.Add(new FieldError("year", $"内容中的年份 {parsed.Year} 与地址中的 {year} 不一致 / The body's year {parsed.Year} differs from {year} in the path"));
            }
        }

        if (all.Count > 0 || parsed is null)
        {
            throw DomainRejection.Invalid(all);
        }

        var previous = await db.Set<CalendarYearRecord>().Where(r => r.Year == year).OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken);
        var record = new CalendarYearRecord
        {
            Year = year,
            Version = (previous?.Version ?? 0) + 1,
            Json = parsed.ToJson(),
            Source = parsed.Source,
            CreatedBy = actor.Name,
            CreatedAt = time.GetUtcNow(),
        };
        db.Add(record);
        audit.Record(db, actor, "calendar.year-published", "calendar-year", $"{year}",
            previous is null ? null : new { previous.Version, previous.Source },
            new { record.Version, record.Source, days = parsed.Days.Count }, null);
        await audit.SaveChangesAsync(db, cancellationToken);
        await ReloadAsync(db, cancellationToken);
        return record;
    }
}

/// <summary>Reloads the calendar on every node at an interval, so an edit made on one node reaches the others.</summary>
internal sealed class CalendarRefresher(CalendarStore store, IServiceScopeFactory scopes, IOptions<AdmissionOptions> options, TimeProvider time)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CalendarRefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await store.ReloadAsync(scope.ServiceProvider.GetRequiredService<DbContext>(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database is briefly unreachable: keep the calendar in memory and try at the next tick.
            }
        }
    }
}
