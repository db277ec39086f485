using System.Text.Json.Nodes;

namespace TaskRouting.Workflows.Runtime.Activities.Human;

/// <summary>
/// A person's completion of a human task, before it resumes the instance: the chosen outcome, the comment (the
/// reason) and the form data some tasks ask for (an amount, a list item, findings).
/// </summary>
public sealed record HumanTaskCompletion(
    string TaskId, string InstanceId, string? Tenant, JsonObject TaskPayload, string Outcome, string? Comment, JsonObject? Data, string Actor)
{
    /// <summary>The task's form name (the bookmark payload's <c>form</c>), which selects the checks that apply.</summary>
    public string? Form => TaskPayload["form"]?.GetValue<string>();

    /// <summary>True when the task requires a comment for the chosen outcome (the payload's <c>reasonRequiredFor</c>).</summary>
    public bool ReasonRequired =>
        TaskPayload["reasonRequiredFor"]?.AsArray().Any(o => string.Equals(o?.GetValue<string>(), Outcome, StringComparison.Ordinal)) == true;
}

/// <summary>
/// Domain checks on a completion for one task form; each problem is a field error (field, bilingual message) and
/// the task stays open. Registered by the domain (e.g. the funding confirmation checks the total).
/// </summary>
public interface IHumanTaskCompletionCheck
{
    /// <summary>The form these checks apply to.</summary>
    string Form { get; }

    ValueTask CheckAsync(HumanTaskCompletion completion, IList<KeyValuePair<string, string>> errors, CancellationToken cancellationToken);
}
