using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskRouting.Activities.Escalation;
using TaskRouting.Platform.Organisation;

namespace TaskRouting.Activities.ReferenceData;

/// <summary>
/// The State Council publishes next year's holidays each November: from the configured month on, a daily job warns
/// every district's office while next year's calendar is missing (one alert per district and year).
/// </summary>
public sealed class CalendarWatch(DbContext db, CalendarStore calendar, IOptions<AdmissionOptions> options, TimeProvider time)
{
    /// <summary>Raises the warnings due today; returns how many were new.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = WorkingDayCalendar.ChinaDate(now);
        var next = today.Year + 1;
        if (today.Month < options.Value.CalendarWarningMonth || calendar.Current.HasYear(next))
        {
            return 0;
        }

        var raised = 0;
        foreach (var district in await db.Set<District>().AsNoTracking().Select(d => d.Code).ToListAsync(cancellationToken))
        {
            if (await Alerts.RaiseAsync(db, $"calendar-missing:{district}:{next}", district, AlertKind.Warning, "office", district, null,
                new($"尚未录入 {next} 年工作日历;国务院公布节假日安排后请及时录入,否则 {next} 年的期限无法计算",
                    $"The {next} working-day calendar has not been entered; enter it once the State Council publishes the holidays, or {next} deadlines cannot be computed"),
                now, null, cancellationToken))
            {
                raised++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return raised;
    }
}
