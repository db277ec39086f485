namespace TaskRouting.Workflows.Runtime.Persistence;

/// <summary>
/// Draft (being edited), Published (new instances start on it), Superseded (a newer version was published; its
/// instances keep running on it), Retracted (withdrawn: no new instances).
/// </summary>
public enum DefinitionStatus { Draft, Published, Superseded, Retracted }

/// <summary>
/// One version of a workflow definition. <see cref="Json"/> is the designer's JSON exactly as saved (the source of
/// truth); a published version never changes, so instances pinned to it keep running as they started.
/// </summary>
public sealed class WorkflowDefinitionRecord
{
    /// <summary><c>{DefinitionId}:v{Version}</c>.</summary>
    public required string Id { get; init; }
    public required string DefinitionId { get; init; }
    /// <summary>Who owns the definition (the host's tenant, e.g. a district); each tenant edits its own workflows.</summary>
    public string? Tenant { get; init; }
    public required int Version { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DefinitionStatus Status { get; set; }
    /// <summary>The newest version of its definition (draft or not).</summary>
    public bool IsLatest { get; set; }
    public required string Json { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public required string CreatedBy { get; init; }

    public static string IdOf(string definitionId, int version) => $"{definitionId}:v{version}";
}

/// <summary>
/// A workflow instance: its indexed facts and its whole state as JSON. <see cref="Revision"/> is the optimistic
/// concurrency token: two bursts on the same instance cannot both commit.
/// </summary>
public sealed class WorkflowInstanceRecord
{
    public required string Id { get; init; }
    public required string DefinitionId { get; init; }
    /// <summary>The tenant of the definition it runs.</summary>
    public string? Tenant { get; init; }
    public int DefinitionVersion { get; set; }
    public string? CorrelationId { get; init; }
    public Execution.WorkflowStatus Status { get; set; }
    public int IncidentCount { get; set; }
    public required string StateJson { get; set; }
    public long Revision { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>
/// A bookmark as a row, so a stimulus finds its instances by index (name + correlation key), due timers are
/// found by <see cref="DueAt"/>, and human tasks by assignee. Deleted in the same transaction that resumes it.
/// </summary>
public sealed class BookmarkRecord
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public string? Tenant { get; init; }
    public required string ActivityId { get; init; }
    public required string Stimulus { get; init; }
    public string? CorrelationKey { get; init; }
    /// <summary>When the timer fires; moved (with the state's copy) when a supervisor extends a deadline.</summary>
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>For human tasks: the role and scope whose inbox shows it.</summary>
    public string? AssigneeRole { get; init; }
    public string? AssigneeScope { get; init; }
    public string? PayloadJson { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// The journal lines one burst wrote, as one row: a burst commits once, so its lines are stored once (as JSON),
/// keyed by the instance and the sequence of its first line. <see cref="JournalRecords.Entries"/> reads them back.
/// </summary>
public sealed class JournalRecord
{
    public required string InstanceId { get; init; }
    /// <summary>The sequence of the first line in this row.</summary>
    public long Sequence { get; init; }
    /// <summary>The sequence of the last line in this row.</summary>
    public long LastSequence { get; init; }
    public required string Actor { get; init; }
    public DateTimeOffset At { get; init; }
    public required string EntriesJson { get; init; }
}

/// <summary>Reads journal rows back into lines.</summary>
public static class JournalRecords
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static string Serialize(IReadOnlyList<Execution.JournalEntry> entries) => System.Text.Json.JsonSerializer.Serialize(entries, Options);

    public static IEnumerable<Execution.JournalEntry> Entries(IEnumerable<JournalRecord> rows) =>
        rows.OrderBy(r => r.Sequence)
            .SelectMany(r => System.Text.Json.JsonSerializer.Deserialize<List<Execution.JournalEntry>>(r.EntriesJson, Options) ?? []);
}
