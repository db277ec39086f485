namespace TaskRouting.Activities.Dispatch;

/// <summary>Where an item dispatched to one community stands.</summary>
public enum DispatchStatus { Dispatched, Acknowledged, Completed, Refused }

/// <summary>An admitted item dispatched to one community: acknowledged, then reported complete (or refused, with a reason).</summary>
public sealed class DispatchRecord
{
    /// <summary>The dispatch's id, carried by <c>DispatchTask</c> and every answer to it.</summary>
    public Guid DispatchId { get; init; }

    public required Guid ApplicationId { get; init; }
    public required string CommunityCode { get; init; }
    public required string District { get; init; }
    public required string StreetCode { get; init; }
    public required string AdmissionNumber { get; init; }
    public required string Title { get; init; }
    public DispatchStatus Status { get; set; }
    public DateTimeOffset DispatchedAt { get; init; }
    public DateTimeOffset AcknowledgeBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? RefusedAt { get; set; }
    public string? Report { get; set; }
    public string? UpdatedBy { get; set; }
    /// <summary>Bumped by every answer applied, so two answers for one dispatch applied at once cannot overwrite each other.</summary>
    public int Revision { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }
}
