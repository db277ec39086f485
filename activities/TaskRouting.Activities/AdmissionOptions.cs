using System.ComponentModel.DataAnnotations;

namespace TaskRouting.Activities;

/// <summary>The admission domain's settings (section <c>TaskRouting:Admission</c>). Rules a district may change per workflow are activity inputs instead.</summary>
public sealed class AdmissionOptions
{
    public const string Section = "TaskRouting:Admission";

    /// <summary>The key of the lifecycle workflow; a district's definition id is <c>{district}-{key}</c>.</summary>
    [Required, RegularExpression("^[a-z0-9-]{1,60}$")]
    public string LifecycleWorkflow { get; set; } = "admission";

    /// <summary>The key of the emergency-track workflow.</summary>
    [Required, RegularExpression("^[a-z0-9-]{1,60}$")]
    public string EmergencyWorkflow { get; set; } = "admission-emergency";

    /// <summary>The key of the workflow each violation report runs (triage, the "123" answer, finding, correction).</summary>
    [Required, RegularExpression("^[a-z0-9-]{1,60}$")]
    public string ViolationWorkflow { get; set; } = "violation-report";

    /// <summary>When the district-wide notices are published (cron, China time); monthly on the 1st at 09:00 by default.</summary>
    [Required, RegularExpression(@"^\S+( \S+){4}$", ErrorMessage = "NoticeCron must be a five-field cron expression")]
    public string NoticeCron { get; set; } = "0 9 1 * *";

    /// <summary>When the daily follow-up hands overdue cases to the duty officer (cron, China time); 09:00 each day by default.</summary>
    [Required, RegularExpression(@"^\S+( \S+){4}$", ErrorMessage = "FollowUpCron must be a five-field cron expression")]
    public string FollowUpCron { get; set; } = "0 9 * * *";

    /// <summary>Working days between filing and the needed-by date for the emergency track (3 in the sources).</summary>
    [Range(0, 60)]
    public int EmergencyLeadWorkingDays { get; set; } = 3;

    /// <summary>Working days a review window stays open after it opens on the half's first working day.</summary>
    [Range(1, 60)]
    public int ReviewWindowWorkingDays { get; set; } = 10;

    /// <summary>From this month on, the office is warned daily when next year's working-day calendar is missing.</summary>
    [Range(1, 12)]
    public int CalendarWarningMonth { get; set; } = 11;

    /// <summary>How often a node reloads the calendar other nodes may have changed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CalendarRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
