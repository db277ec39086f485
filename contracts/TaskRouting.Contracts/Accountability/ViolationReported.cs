namespace TaskRouting.Contracts.Accountability;

/// <summary>
/// A street or community reported work pushed on it without admission (举报), or its gateway did automatically when
/// it refused a dispatch whose admission number is not on the plan list.
/// </summary>
public sealed record ViolationReported
{
    /// <summary>Identifies the report.</summary>
    public required Guid ReportId { get; init; }

    /// <summary>The district's code.</summary>
    public required string District { get; init; }

    /// <summary>The reporting street's code.</summary>
    public required string Street { get; init; }

    /// <summary>The reporting community's code, when a community reports.</summary>
    public string? Community { get; init; }

    /// <summary>The unit that pushed the work (a department's code or name as the reporter knows it).</summary>
    public required string ReportedUnit { get; init; }

    /// <summary>The admission number the work carried, if any.</summary>
    public string? AdmissionNumber { get; init; }

    /// <summary>What was pushed.</summary>
    public required string What { get; init; }

    /// <summary>When it happened.</summary>
    public required DateOnly OccurredOn { get; init; }

    /// <summary>Evidence in words.</summary>
    public string? Evidence { get; init; }

    /// <summary>Raised by the gateway on its own (an automatic refusal), not by a person.</summary>
    public required bool Automatic { get; init; }

    /// <summary>The user who reported, or <c>gateway</c>.</summary>
    public required string ReportedBy { get; init; }

    /// <summary>When the report was made.</summary>
    public required DateTimeOffset ReportedAt { get; init; }

    /// <summary>
    /// Evidence files (added in the first revision; absent in older messages). The gateway checks them against
    /// <see cref="EvidenceAttachment"/>'s limits before it sends the report.
    /// </summary>
    public IReadOnlyList<EvidenceAttachment>? Attachments { get; init; }
}

/// <summary>
/// One evidence file of a violation report: a photo or a scanned document. At most <see cref="MaxCount"/> per report,
/// each at most <see cref="MaxBytes"/>, of the types in <see cref="ContentTypes"/>; the content travels with the
/// report, so the central record is complete even while the street's subsystem is offline.
/// </summary>
[MessagePart]
public sealed record EvidenceAttachment
{
    /// <summary>How many files one report may carry.</summary>
    public const int MaxCount = 3;

    /// <summary>The largest file accepted: 2 MiB.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>The accepted types: JPEG and PNG photos, PDF documents.</summary>
    public static IReadOnlyList<string> ContentTypes { get; } = ["image/jpeg", "image/png", "application/pdf"];

    /// <summary>The file's name as uploaded (no path).</summary>
    public required string FileName { get; init; }

    /// <summary>One of <see cref="ContentTypes"/>, checked against the file's first bytes.</summary>
    public required string ContentType { get; init; }

    /// <summary>The file's bytes (base64 in JSON).</summary>
    public required byte[] Content { get; init; }
}
