namespace TaskRouting.Contracts.Dispatch;

/// <summary>An inspection found the work non-compliant and a correction notice (整改通知) was issued; the communities doing it are told.</summary>
public sealed record CorrectionNoticeIssued : IStreetMessage
{
    /// <summary>The notice.</summary>
    public required Guid NoticeId { get; init; }

    /// <summary>The application inspected.</summary>
    public required Guid ApplicationId { get; init; }

    /// <summary>Its admission number.</summary>
    public required string AdmissionNumber { get; init; }

    /// <inheritdoc />
    public required string District { get; init; }

    /// <inheritdoc />
    public required string Street { get; init; }

    /// <summary>The department that must correct.</summary>
    public required string Department { get; init; }

    /// <summary>What the inspection found.</summary>
    public required string Finding { get; init; }

    /// <summary>The correction deadline.</summary>
    public required DateTimeOffset CorrectBy { get; init; }

    /// <summary>When the notice was issued.</summary>
    public required DateTimeOffset IssuedAt { get; init; }
}
