using Microsoft.EntityFrameworkCore;

namespace TaskRouting.Activities.Lifecycle;

/// <summary>Bilingual text: Simplified Chinese first, English second.</summary>
public readonly record struct Text(string Zh, string En)
{
    public override string ToString() => $"{Zh} / {En}";
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

    /// <summary>Records a decision and its reason, as the department will read it.</summary>
    public static void Decide(Application application, string decision, string? reason, string? reference = null)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.Decision = decision;
        application.DecisionReason = reason;
        application.DecisionReference = reference;
    }

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..1999] + "…";
}
