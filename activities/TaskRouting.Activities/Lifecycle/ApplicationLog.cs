using Microsoft.EntityFrameworkCore;

namespace TaskRouting.Activities.Lifecycle;

/// <summary>Bilingual text: Simplified Chinese first, English second.</summary>
public readonly record struct Text(string Zh, string En)
{
    public override string ToString() => $"{Zh} / {En}";

    /// <summary>A text written "中文 / English" (as reasons often are) split into its halves; one without the separator is both.</summary>
    public static Text Halves(string? text)
    {
        var halves = (text ?? "").Split(" / ", 2);
        return halves.Length == 2 ? new(halves[0], halves[1]) : new(halves[0], halves[0]);
    }
}

/// <summary>
/// Moves an application's status and writes its history line, in the caller's transaction (a workflow burst or an
/// API request). Every status change goes through here, so the department's timeline is complete.
/// </summary>
public static class ApplicationLog
{
    /// <summary>Sets the stage, what it now waits for and until when, and adds a history line.</summary>
    public static void Move(
        DbContext db, Application application, ApplicationStage stage, string kind, Text text, string actor, DateTimeOffset now,
        Text? waitingFor = null, DateTimeOffset? waitingUntil = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(application);
        var moved = application.Stage != stage;
        if (moved)
        {
            application.StageSince = now;
        }

        application.Stage = stage;
        application.WaitingForZh = waitingFor?.Zh;
        application.WaitingForEn = waitingFor?.En;
        application.WaitingUntil = waitingUntil;
        Note(db, application, kind, text, actor, now);
        if (moved)
        {
            // The department's own system may subscribe to its applications' moves (signed webhooks).
            Platform.Webhooks.Webhooks.Raise(db, application.District, application.Department, Platform.Webhooks.Webhooks.ApplicationStageChanged, new
            {
                applicationId = application.Id, application.Title, stage = stage.ToString(), since = now, kind, textZh = text.Zh, textEn = text.En,
                waitingForZh = waitingFor?.Zh, waitingForEn = waitingFor?.En, waitingUntil, application.AdmissionNumber, application.Decision,
            }, now);
        }
    }

    /// <summary>Adds a history line without changing the stage (a vote cast, a reminder sent).</summary>
    public static void Note(DbContext db, Application application, string kind, Text text, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(application);
        application.UpdatedAt = now;
        application.Revision++;
        db.Add(new ApplicationEvent
        {
            ApplicationId = application.Id,
            District = application.District,
            At = now,
            Stage = application.Stage,
            Kind = kind,
            Actor = actor,
            TextZh = Clip(text.Zh),
            TextEn = Clip(text.En),
        });
    }

    /// <summary>
    /// Records a decision taken by someone else and tells the department in its inbox (and its webhook subscribers):
    /// a screening outcome, the review, the vote, the committee, an inspection, a lapse.
    /// </summary>
    public static void Decide(DbContext db, Application application, string decision, string? reason, DateTimeOffset now, string? reference = null)
    {
        Decide(application, decision, reason, reference);
        // Reasons are often written "中文 / English": each language gets its half.
        var (zh, en) = Text.Halves(reason);
        Escalation.Alerts.Add(db, $"decision:{application.Id}:{decision}:{now.UtcTicks}", application.District, Escalation.AlertKind.Decision, "department",
            application.Department, application.Id,
            new($"申请“{application.Title}”有了决定:{decision}。{zh}".TrimEnd(), $"Decision on “{application.Title}”: {decision}. {en}".TrimEnd()), now, null);
    }

    /// <summary>Records a decision and its reason, as the department will read it (its own decisions: withdrawal, confirmed funding).</summary>
    public static void Decide(Application application, string decision, string? reason, string? reference = null)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.Decision = decision;
        application.DecisionReason = reason;
        application.DecisionReference = reference;
    }

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..1999] + "…";
}
