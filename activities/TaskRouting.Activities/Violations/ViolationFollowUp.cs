using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TaskRouting.Activities.Escalation;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Activities.Violations;

/// <summary>
/// The daily follow-up (每日随访): each working morning, every case still open after its step's deadline is handed to
/// that day's duty officer, who gets it in their alerts; a district with nobody rostered warns its supervisors instead.
/// Running twice on one day hands nothing over twice.
/// </summary>
public sealed partial class ViolationFollowUp(DbContext db, AuditTrail audit, CalendarStore calendar, TimeProvider time, ILogger<ViolationFollowUp> logger)
{
    /// <summary>Hands today's overdue cases over; returns how many.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = WorkingDayCalendar.ChinaDate(now);
        try
        {
            if (!calendar.Current.IsWorkingDay(today))
            {
                return 0;
            }
        }
        catch (CalendarUnavailableException ex)
        {
            // The calendar watch warns the office already; without the year's data no day is known to be a working day.
            LogNoCalendar(logger, today, ex);
            return 0;
        }

        var open = new[] { ViolationStatus.Triage, ViolationStatus.Answering, ViolationStatus.Finding, ViolationStatus.Correcting };
        var cases = await db.Set<ViolationCase>()
            .Where(c => open.Contains(c.Status) && c.DueAt != null && c.DueAt < now && (c.DutyDate == null || c.DutyDate != today))
            .OrderBy(c => c.DueAt).Take(5000).ToListAsync(cancellationToken);
        var districts = cases.Select(c => c.District).Distinct().ToList();
        var roster = await db.Set<DutyAssignment>().AsNoTracking().Where(d => d.Date == today && districts.Contains(d.District))
            .ToDictionaryAsync(d => d.District, d => d.UserName, cancellationToken);
        foreach (var @case in cases)
        {
            var officer = roster.GetValueOrDefault(@case.District);
            var before = @case.DutyOfficer;
            @case.DutyOfficer = officer;
            @case.DutyDate = today;
            if (officer is null)
            {
                await Alerts.RaiseAsync(db, $"duty-unrostered:{@case.District}:{today:yyyy-MM-dd}", @case.District, AlertKind.Warning, "supervisor", @case.District, null,
                    new($"今日({today:yyyy-MM-dd})没有安排值班人员,逾期举报案件无人随访", $"Nobody is on duty today ({today:yyyy-MM-dd}); overdue violation cases have no one following them up"),
                    now, null, cancellationToken);
                ViolationLog.Note(db, @case, "duty-unrostered", new("逾期未办结,但今日无值班人员", "Overdue, but nobody is on duty today"), "system", now);
                continue;
            }

            await Alerts.RaiseAsync(db, $"duty:{@case.Id}:{today:yyyy-MM-dd}", @case.District, AlertKind.Escalation, DutyRole, officer, null,
                new($"值班随访:举报“{@case.What}”(被举报单位 {@case.ReportedUnit})逾期未办结", $"Duty follow-up: the report “{@case.What}” (against {@case.ReportedUnit}) is overdue"),
                now, @case.DueAt, cancellationToken);
            ViolationLog.Note(db, @case, "handed-over", new($"逾期未办结,移交今日值班人员 {officer} 随访", $"Overdue; handed to today's duty officer {officer}"), "system", now);
            audit.Record(db, Actor.System, "violation.handed-over", "violation-case", @case.Id.ToString(), new { dutyOfficer = before }, new { dutyOfficer = officer, date = today }, @case.District);
        }

        await audit.SaveChangesAsync(db, cancellationToken);
        return cases.Count;
    }

    /// <summary>The alert target role of a duty officer's alerts; their scope is the officer's user name.</summary>
    public const string DutyRole = "duty";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Daily follow-up skipped: no working-day calendar for {Today}")]
    private static partial void LogNoCalendar(ILogger logger, DateOnly today, Exception error);
}
