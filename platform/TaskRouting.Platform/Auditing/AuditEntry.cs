namespace TaskRouting.Platform.Auditing;

/// <summary>
/// One state change: who, what, when, before and after. Entries form one hash chain per district
/// (chain <c>platform</c> for changes outside any district): each entry's hash covers its content and
/// the previous entry's hash, and sequences are gap-free, so an edited, inserted or deleted entry
/// breaks verification. The table is append-only (database triggers refuse UPDATE and DELETE).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; init; }
    public required string Chain { get; init; }
    public long Sequence { get; set; }
    public DateTimeOffset At { get; init; }
    public Guid? ActorId { get; init; }
    public required string ActorName { get; init; }
    public required string Action { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    /// <summary>JSON of the state before the change (null when created). Stored as text so hashing is exact.</summary>
    public string? Before { get; init; }
    /// <summary>JSON of the state after the change (null when deleted).</summary>
    public string? After { get; init; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}
