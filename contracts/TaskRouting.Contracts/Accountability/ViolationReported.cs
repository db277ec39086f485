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
}
