using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.Escalation;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Activities.Violations;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;

namespace TaskRouting.Activities.Notices;

/// <summary>
/// Publishes and reads the district-wide notices. A notice covers one month: the violations confirmed in it and the
/// corrections overdue at publication; one per district and month (publishing again returns the one published).
/// </summary>
public sealed class Notices(DbContext db, AuditTrail audit, TimeProvider time)
{
    /// <summary>Publishes the month's notice for the caller's district (the office or the supervisor).</summary>
    public async Task<DistrictNotice> PublishAsync(Actor actor, string? period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var district = actor.District ?? throw DomainRejection.Invalid("district", "只有区内用户可以发布通报 / Only a district's users publish its notices");
        var errors = new List<FieldError>();
        var month = ReportingPeriod.Field(period, [PeriodKind.Month], errors)?.Start ?? throw DomainRejection.Invalid(errors);

        var today = WorkingDayCalendar.ChinaDate(time.GetUtcNow());
        if (month > new DateOnly(today.Year, today.Month, 1))
        {
            throw DomainRejection.Invalid("period", "不能发布未来月份的通报 / A notice cannot cover a future month");
        }

        return await PublishAsync(district, month, actor, cancellationToken);
    }

    /// <summary>The scheduled run: every district gets last month's notice, if it has none yet. Returns how many were published.</summary>
    public async Task<int> PublishDueAsync(CancellationToken cancellationToken)
    {
        var today = WorkingDayCalendar.ChinaDate(time.GetUtcNow());
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var period = Period(month);
        var districts = await db.Set<District>().AsNoTracking().Select(d => d.Code).ToListAsync(cancellationToken);
        var published = await db.Set<DistrictNotice>().AsNoTracking().Where(n => n.Period == period).Select(n => n.District).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var district in districts.Except(published, StringComparer.Ordinal))
        {
            await PublishAsync(district, month, Actor.System, cancellationToken);
            count++;
        }

        return count;
    }

    /// <summary>The district's notices, newest first (for anyone: notices are public).</summary>
    public Task<List<DistrictNotice>> ListAsync(string district, CancellationToken cancellationToken) =>
        db.Set<DistrictNotice>().AsNoTracking().Where(n => n.District == district).OrderByDescending(n => n.Period).Take(120).ToListAsync(cancellationToken);

    /// <summary>One notice, or null.</summary>
    public Task<DistrictNotice?> ReadAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<DistrictNotice>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);

    private async Task<DistrictNotice> PublishAsync(string district, DateOnly month, Actor actor, CancellationToken cancellationToken)
    {
        var period = Period(month);
        var existing = await db.Set<DistrictNotice>().AsNoTracking().FirstOrDefaultAsync(n => n.District == district && n.Period == period, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var now = time.GetUtcNow();
        var from = WorkingDayCalendar.StartOfDay(month).ToUniversalTime();
        var to = WorkingDayCalendar.StartOfDay(month.AddMonths(1)).ToUniversalTime();
        var confirmed = await db.Set<ViolationCase>().AsNoTracking()
            .Where(c => c.District == district && c.Finding == ViolationFinding.Confirmed && c.FoundAt >= from && c.FoundAt < to)
            .OrderBy(c => c.FoundAt).ToListAsync(cancellationToken);
        var overdue = await db.Set<ViolationCase>().AsNoTracking()
            .Where(c => c.District == district && c.Finding == ViolationFinding.Confirmed && c.CorrectedAt == null && c.CorrectionDueAt < now)
            .OrderBy(c => c.CorrectionDueAt).ToListAsync(cancellationToken);
        var units = confirmed.Concat(overdue).Select(c => c.ReportedUnit).Distinct().ToList();
        var names = await db.Set<Department>().AsNoTracking().Where(d => d.DistrictCode == district && units.Contains(d.Code))
            .ToDictionaryAsync(d => d.Code, d => (d.NameZh, d.NameEn), cancellationToken);
        var entries = confirmed.Select(c => Entry(NoticeEntryKind.ConfirmedViolation, c, names))
            .Concat(overdue.Select(c => Entry(NoticeEntryKind.OverdueCorrection, c, names))).ToList();
        var notice = new DistrictNotice
        {
            Id = Guid.CreateVersion7(now), District = district, Period = period, Number = $"{district}-通报-{period}",
            TitleZh = $"{month.Year} 年 {month.Month} 月社区工作准入执行情况通报", TitleEn = $"Community work admission: notice for {month.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}",
            PublishedAt = now, PublishedBy = actor.Name, Entries = entries,
        };
        db.Add(notice);
        foreach (var unit in entries.Select(e => e.Unit).Distinct(StringComparer.Ordinal))
        {
            var count = entries.Count(e => e.Unit == unit);
            await Alerts.RaiseAsync(db, $"notice:{notice.Id}:{unit}", district, AlertKind.Warning, "department", unit, null,
                new($"本单位在 {notice.Number} 中被通报({count} 项),请按期整改", $"Your unit is named in notice {notice.Number} ({count} item(s)); correct by the deadlines"),
                now, null, cancellationToken);
        }

        audit.Record(db, actor, "notice.published", "notice", notice.Id.ToString(), null,
            new { notice.Number, notice.Period, confirmed = confirmed.Count, overdue = overdue.Count, units = entries.Select(e => e.Unit).Distinct().ToList() }, district);
        try
        {
            await audit.SaveChangesAsync(db, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node may have published the same month first: its notice stands. Anything else is a real failure.
            db.ChangeTracker.Clear();
            var first = await db.Set<DistrictNotice>().AsNoTracking().FirstOrDefaultAsync(n => n.District == district && n.Period == period, cancellationToken);
            if (first is null)
            {
                throw;
            }

            return first;
        }

        return notice;
    }

    private static NoticeEntry Entry(NoticeEntryKind kind, ViolationCase c, Dictionary<string, (string Zh, string En)> names) => new()
    {
        Kind = kind, CaseId = c.Id, Unit = c.ReportedUnit, UnitNameZh = names.GetValueOrDefault(c.ReportedUnit).Zh, UnitNameEn = names.GetValueOrDefault(c.ReportedUnit).En, What = c.What, OccurredOn = c.OccurredOn, FoundAt = c.FoundAt,
        CorrectionDueAt = c.CorrectionDueAt, CorrectedAt = c.CorrectedAt,
    };

    internal static string Period(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
