using System.ComponentModel.DataAnnotations;

namespace TaskRouting.Platform.Webhooks;

/// <summary>Settings of section <c>TaskRouting:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "TaskRouting:Webhooks";

    /// <summary>Accept <c>http://</c> URLs (tests, an intranet without TLS). Off by default: subscriptions must use https.</summary>
    public bool AllowInsecureUrls { get; set; }

    /// <summary>How often the dispatcher looks for new events and due deliveries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one delivery may take before it counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts before a delivery is given up (back-off 30 s, 1 min, 2 min … up to 1 h between attempts).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long delivered and given-up deliveries (the departments' delivery history) and fanned-out events are kept.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Subscriptions one department may hold.</summary>
    [Range(1, 100)]
    public int MaxSubscriptionsPerDepartment { get; set; } = 10;
}
