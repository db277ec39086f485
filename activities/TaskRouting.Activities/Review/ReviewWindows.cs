using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRouting.Activities.Escalation;
using TaskRouting.Activities.ReferenceData;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Activities.Review;

/// <summary>
/// The January/July review windows, run daily by a Hangfire recurring job (Asia/Shanghai). On the first working day
/// of January and of July (by the calendar: 4 January in 2026, a make-up Sunday) it opens each district's window,
/// closing after the configured working days, and resumes every application queued before the opening. A window
/// whose dates the calendar cannot tell is not guessed: the office is alerted. Safe to run on any number of nodes
/// and any number of times: the window's id is its key and a resumed bookmark is resumed once.
/// </summary>
public sealed class ReviewWindows(
    DbContext db, WorkflowInstances instances, CalendarStore calendar, AuditTrail audit, IOptions<AdmissionOptions> options, TimeProvider time,
    ILogger<ReviewWindows> logger)
{
    /// <summary>Opens due windows, resumes the applications queued for open windows, closes windows past their day.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = WorkingDayCalendar.ChinaDate(now);
        var districts = await db.Set<District>().AsNoTracking().Select(d => d.Code).ToListAsync(cancellationToken);
        var resumed = 0;
        foreach (var district in districts)
        {
            var window = await OpenIfDueAsync(district, today, now, cancellationToken);
            if (window is not null)
            {
                resumed += await ResumeQueuedAsync(window, cancellationToken);
            }
        }

        await CloseAsync(today, now, cancellationToken);
        return resumed;
    }

    private async Task<ReviewWindow?> OpenIfDueAsync(string district, DateOnly today, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var half = today.Month <= 6 ? 1 : 2;
        var id = ReviewWindow.IdOf(district, today.Year, half);
        var existing = await db.Set<ReviewWindow>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (existing is not null)
        {
            return existing.ClosedAt is null ? existing : null;
        }

        var current = calendar.Current;
        if (!current.HasYear(today.Year))
        {
            db.ChangeTracker.Clear();
            if (await Alerts.RaiseAsync(db, $"calendar-missing-window:{district}:{today.Year}-H{half}", district, AlertKind.Warning, "office", district, null,
                new($"缺少 {today.Year} 年工作日历,无法确定评审批次开启日期,请先录入", $"The {today.Year} working-day calendar is missing, so the review window's dates cannot be set; enter it first"),
                now, null, cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            return null;
        }

        var opens = current.FirstWorkingDayOf(today.Year, half == 1 ? 1 : 7);
        if (today < opens)
        {
            return null;
        }

        DateOnly closes;
        try
        {
            closes = current.AddWorkingDays(opens, options.Value.ReviewWindowWorkingDays);
        }
        catch (Workflows.Runtime.Execution.CalendarUnavailableException ex)
        {
            logger.LogWarning("Review window {Window} cannot be opened: {Problem}", id, ex.Message);
            return null;
        }

        if (today > closes)
        {
            // The half's window has passed (the job was not running then): never open a window after its closing day.
            return null;
        }

        var window = new ReviewWindow { Id = id, District = district, Year = today.Year, Half = half, OpensOn = opens, ClosesOn = closes, OpenedAt = now };
        db.ChangeTracker.Clear();
        db.Add(window);
        audit.Record(db, Actor.System, "review-window.opened", "review-window", id, null, new { opens, closes }, district);
        try
        {
            await audit.SaveChangesAsync(db, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node opened it first.
            db.ChangeTracker.Clear();
            return await db.Set<ReviewWindow>().AsNoTracking().FirstAsync(w => w.Id == id, cancellationToken);
        }

        logger.LogInformation("Review window {Window} opened, closing {Closes}", id, closes);
        return window;
    }

    /// <summary>Resumes the applications of the district that were queued before the window opened.</summary>
    private async Task<int> ResumeQueuedAsync(ReviewWindow window, CancellationToken cancellationToken)
    {
        var waiting = await db.Set<BookmarkRecord>().AsNoTracking()
            .Where(b => b.Stimulus == AwaitReviewWindow.Stimulus && b.CorrelationKey == window.District && b.Tenant == window.District && b.CreatedAt <= window.OpenedAt)
            .OrderBy(b => b.CreatedAt).Select(b => b.Id).ToListAsync(cancellationToken);
        var payload = new JsonObject
        {
            ["windowId"] = window.Id,
            ["opensOn"] = window.OpensOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["closesOn"] = window.ClosesOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["closesAt"] = WorkingDayCalendar.EndOfDay(window.ClosesOn).ToUniversalTime().ToString("O"),
        };
        var resumed = 0;
        foreach (var id in waiting)
        {
            var result = await instances.ResumeAsync(id, payload, WorkflowEngineActor, null, cancellationToken);
            if (result.Outcome == InstanceOutcome.Applied)
            {
                resumed++;
            }
        }

        if (resumed > 0)
        {
            db.ChangeTracker.Clear();
            var row = await db.Set<ReviewWindow>().FirstAsync(w => w.Id == window.Id, cancellationToken);
            row.Applications += resumed;
            await db.SaveChangesAsync(cancellationToken);
        }

        return resumed;
    }

    private async Task CloseAsync(DateOnly today, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var due = await db.Set<ReviewWindow>().Where(w => w.ClosedAt == null && w.ClosesOn < today).ToListAsync(cancellationToken);
        foreach (var window in due)
        {
            window.ClosedAt = now;
            audit.Record(db, Actor.System, "review-window.closed", "review-window", window.Id, null, new { window.Applications }, window.District);
        }

        if (due.Count > 0)
        {
            await audit.SaveChangesAsync(db, cancellationToken);
        }
    }

    private const string WorkflowEngineActor = "system:review-window";
}
