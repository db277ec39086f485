using Microsoft.EntityFrameworkCore;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Activities.Violations;

/// <summary>One day of the roster as the office enters it.</summary>
/// <param name="Date">The day (China date).</param>
/// <param name="UserName">An office or supervisor user of the district.</param>
public sealed record DutyForm(DateOnly? Date, string? UserName);

/// <summary>
/// The district's duty roster for the daily follow-up (每日随访): the office names, day by day, the office or
/// supervisor user who takes over the cases still unresolved after their deadline.
/// </summary>
public sealed class DutyRoster(DbContext db, AuditTrail audit, TimeProvider time)
{
    /// <summary>The roster from <paramref name="from"/> for <paramref name="days"/> days.</summary>
    public Task<List<DutyAssignment>> ListAsync(Actor actor, DateOnly from, int days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var to = from.AddDays(Math.Clamp(days, 1, 366));
        return db.Set<DutyAssignment>().AsNoTracking().Where(d => d.District == actor.District && d.Date >= from && d.Date < to).OrderBy(d => d.Date).ToListAsync(cancellationToken);
    }

    /// <summary>Sets the officer of each day given (today or later); all days or none are saved.</summary>
    public async Task<List<DutyAssignment>> SetAsync(Actor actor, IReadOnlyList<DutyForm>? days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var district = actor.District ?? throw DomainRejection.Invalid("district", "只有区内用户可以排班 / Only a district's users keep its roster");
        if (days is null || days.Count == 0 || days.Count > 366)
        {
            throw DomainRejection.Invalid("days", "请提交 1 到 366 天的排班 / Submit 1 to 366 days");
        }

        var today = WorkingDayCalendar.ChinaDate(time.GetUtcNow());
        var names = days.Select(d => d?.UserName).OfType<string>().Distinct().ToList();
        var users = (await db.Set<UserAccount>().AsNoTracking().Where(u => names.Contains(u.UserName) && u.DistrictCode == district && !u.Disabled).ToListAsync(cancellationToken))
            .Where(u => u.Roles.Contains(Role.Office) || u.Roles.Contains(Role.Supervisor)).Select(u => u.UserName).ToHashSet(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            if (day?.Date is not { } date)
            {
                errors.Add(new($"days[{i}].date", "日期不能为空 / date is required"));
            }
            else if (date < today)
            {
                errors.Add(new($"days[{i}].date", "不能为过去的日期排班 / date cannot be in the past"));
            }
            else if (days.Take(i).Any(d => d?.Date == date))
            {
                errors.Add(new($"days[{i}].date", $"{date:yyyy-MM-dd} 重复 / {date:yyyy-MM-dd} appears twice"));
            }

            if (string.IsNullOrWhiteSpace(day?.UserName))
            {
                errors.Add(new($"days[{i}].userName", "值班人员不能为空 / userName is required"));
            }
            else if (!users.Contains(day.UserName))
            {
                errors.Add(new($"days[{i}].userName", $"{day.UserName} 不是本区办公室或督查室的在用账户 / {day.UserName} is not an active office or supervisor user of this district"));
            }
        }

        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var dates = days.Select(d => d.Date!.Value).ToList();
        var existing = await db.Set<DutyAssignment>().Where(d => d.District == district && dates.Contains(d.Date)).ToDictionaryAsync(d => d.Date, cancellationToken);
        var now = time.GetUtcNow();
        var saved = new List<DutyAssignment>();
        foreach (var day in days)
        {
            var date = day.Date!.Value;
            if (existing.TryGetValue(date, out var row))
            {
                var before = row.UserName;
                row.UserName = day.UserName!;
                row.AssignedBy = actor.Name;
                row.AssignedAt = now;
                audit.Record(db, actor, "duty.assigned", "duty-roster", $"{district}:{date:yyyy-MM-dd}", new { userName = before }, new { row.UserName }, district);
                saved.Add(row);
            }
            else
            {
                row = new DutyAssignment { District = district, Date = date, UserName = day.UserName!, AssignedBy = actor.Name, AssignedAt = now };
                db.Add(row);
                audit.Record(db, actor, "duty.assigned", "duty-roster", $"{district}:{date:yyyy-MM-dd}", null, new { row.UserName }, district);
                saved.Add(row);
            }
        }

        await audit.SaveChangesAsync(db, cancellationToken);
        return saved;
    }
}
