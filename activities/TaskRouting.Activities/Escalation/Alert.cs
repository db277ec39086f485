namespace TaskRouting.Activities.Escalation;

/// <summary>What kind of alert: a reminder to act, an escalation to someone above, a warning, or a decision on a department's application.</summary>
public enum AlertKind { Reminder, Escalation, Warning, Decision }

/// <summary>
/// A reminder, escalation or warning addressed to a role within a scope (a district, department, street or
/// community). <see cref="Key"/> is unique, so a job or activity that runs twice raises it once.
/// </summary>
public sealed class Alert
{
    public Guid Id { get; init; }
    public required string Key { get; init; }
    public required string District { get; init; }
    public AlertKind Kind { get; init; }
    public required string TargetRole { get; init; }
    public string? TargetScope { get; init; }
    public Guid? ApplicationId { get; init; }
    public required string TextZh { get; init; }
    public required string TextEn { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The deadline the alert is about; a supervisor may extend it (<c>POST /api/alerts/{id}/extend</c>).</summary>
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
}
