using System.ComponentModel.DataAnnotations;
using Hangfire;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Server.Workflows;

/// <summary>Settings of section <c>TaskRouting:Workflows</c>.</summary>
public sealed class WorkflowSettings
{
    public const string Section = "TaskRouting:Workflows";

    /// <summary>How often Hangfire sweeps due timers (cron, seconds allowed). Default every 15 seconds.</summary>
    [Required]
    public string TimerSweepCron { get; set; } = "*/15 * * * * *";

    /// <summary>At most this many timers fire per sweep; the next sweep takes the rest. Default 1,000.</summary>
    [Range(1, 100_000)]
    public int TimerBatchSize { get; set; } = 1_000;
}

/// <summary>
/// The Hangfire recurring job that fires due workflow timers. Every node may run it at once: each timer is claimed
/// in its own transaction (<c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL), so each fires exactly once.
/// </summary>
public sealed partial class TimerSweepJob(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<WorkflowSettings> settings, ILogger<TimerSweepJob> logger)
{
    public const string RecurringJobId = "workflow-timers";

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var fired = await scope.ServiceProvider.GetRequiredService<WorkflowInstances>().FireDueTimersAsync(settings.Value.TimerBatchSize, cancellationToken);
        if (fired > 0)
        {
            LogFired(logger, fired);
        }
    }

    /// <summary>Registers (or updates) the recurring job; called at start-up, so a changed schedule takes effect.</summary>
    public static void Register(IRecurringJobManager jobs, WorkflowSettings settings) =>
        jobs.AddOrUpdate<TimerSweepJob>(RecurringJobId, job => job.RunAsync(CancellationToken.None), settings.TimerSweepCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });

    [LoggerMessage(Level = LogLevel.Information, Message = "Fired {Count} workflow timers")]
    private static partial void LogFired(ILogger logger, int count);
}

/// <summary>
/// The admission domain's daily Hangfire jobs, in China time: the January/July review windows (open on the half's
/// first working day, resume the queued applications, close after the configured working days) and the warning to
/// the office while next year's working-day calendar is missing, the daily hand-off of overdue violation cases to the
/// duty officer and the monthly district-wide notice. All are idempotent on any number of nodes.
/// </summary>
public sealed partial class AdmissionJobs(IServiceScopeFactory scopes, ILogger<AdmissionJobs> logger)
{
    public const string ReviewWindowJobId = "admission-review-windows";
    public const string CalendarWatchJobId = "admission-calendar-watch";
    public const string FollowUpJobId = "violation-follow-up";
    public const string NoticeJobId = "district-notices";

    [AutomaticRetry(Attempts = 3)]
    public async Task RunReviewWindowsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var resumed = await scope.ServiceProvider.GetRequiredService<Activities.Review.ReviewWindows>().RunAsync(cancellationToken);
        if (resumed > 0)
        {
            LogResumed(logger, resumed);
        }
    }

    [AutomaticRetry(Attempts = 3)]
    public async Task RunCalendarWatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Activities.ReferenceData.CalendarWatch>().RunAsync(cancellationToken);
    }

    /// <summary>Hands the overdue violation cases to the day's duty officer (每日随访).</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task RunViolationFollowUpAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handed = await scope.ServiceProvider.GetRequiredService<Activities.Violations.ViolationFollowUp>().RunAsync(cancellationToken);
        if (handed > 0)
        {
            LogHandedOver(logger, handed);
        }
    }

    /// <summary>Publishes last month's district-wide notice in each district that has none yet.</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task RunNoticesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Activities.Notices.Notices>().PublishDueAsync(cancellationToken);
    }

    /// <summary>
    /// Registers the jobs in Asia/Shanghai time: the review windows hourly (so a node down at midnight still opens the
    /// window that day), the calendar watch daily, the violation follow-up and the notices on their configured schedules.
    /// </summary>
    public static void Register(IRecurringJobManager jobs, Activities.AdmissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var china = Activities.ReferenceData.WorkingDayCalendar.ChinaTime;
        jobs.AddOrUpdate<AdmissionJobs>(FollowUpJobId, job => job.RunViolationFollowUpAsync(CancellationToken.None), options.FollowUpCron,
            new RecurringJobOptions { TimeZone = china });
        jobs.AddOrUpdate<AdmissionJobs>(NoticeJobId, job => job.RunNoticesAsync(CancellationToken.None), options.NoticeCron,
            new RecurringJobOptions { TimeZone = china });
        jobs.AddOrUpdate<AdmissionJobs>(ReviewWindowJobId, job => job.RunReviewWindowsAsync(CancellationToken.None), "5 * * * *",
            new RecurringJobOptions { TimeZone = china });
        jobs.AddOrUpdate<AdmissionJobs>(CalendarWatchJobId, job => job.RunCalendarWatchAsync(CancellationToken.None), "0 9 * * *",
            new RecurringJobOptions { TimeZone = china });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Daily follow-up handed {Count} overdue violation cases to the duty officer")]
    private static partial void LogHandedOver(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review windows resumed {Count} queued applications")]
    private static partial void LogResumed(ILogger logger, int count);
}
