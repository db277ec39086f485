namespace TaskRouting.Activities.Lifecycle;

/// <summary>The kinds of work a department can ask communities to take on (the application form's category).</summary>
public enum ApplicationCategory
{
    /// <summary>A work task (工作任务).</summary>
    Task,

    /// <summary>A form or ledger (报表台账).</summary>
    FormLedger,

    /// <summary>A certificate or stamp (证明盖章).</summary>
    Certificate,

    /// <summary>A creation or evaluation campaign (创建评比).</summary>
    Campaign,

    /// <summary>An organisation or its sign hung in the community (机构牌子).</summary>
    OrganisationSign,
}

/// <summary>Where an application is in its lifecycle. The last six are final.</summary>
public enum ApplicationStage
{
    Draft,
    Screening,
    Queued,
    Review,
    Voting,
    Committee,
    EmergencyApproval,
    Funding,
    Dispatch,
    Inspection,
    Correction,
    Completed,
    Refused,
    Returned,
    Withdrawn,
    Lapsed,
    Cancelled,
}

/// <summary>A form or ledger the work adds to the communities' load.</summary>
public sealed class FormOrLedger
{
    public required string Name { get; set; }

    /// <summary>How often it is filled in (e.g. monthly).</summary>
    public required string Frequency { get; set; }

    /// <summary>True when the government already holds this data (一次采集、多方共享): a reason to return the application.</summary>
    public bool DataAlreadyShared { get; set; }
}

/// <summary>
/// A department's application to push work onto communities (申请社区办理事项审批表), with its lifecycle status.
/// The status fields (stage, what it waits for and until when, the last decision and its reason) are what the
/// department reads; <see cref="ApplicationEvent"/> rows are its history.
/// </summary>
public sealed class Application
{
    public required Guid Id { get; init; }
    public required string District { get; init; }
    public required string Department { get; init; }

    public required string Title { get; set; }
    public required string Description { get; set; }
    public ApplicationCategory Category { get; set; }
    public required string LegalBasis { get; set; }

    /// <summary>True when the work targets every community of the district.</summary>
    public bool WholeDistrict { get; set; }

    public List<string> TargetStreets { get; set; } = [];
    public List<string> TargetCommunities { get; set; } = [];

    public DateOnly StartDate { get; set; }
    public int DurationMonths { get; set; }

    /// <summary>Estimated hours of work per community per month.</summary>
    public decimal WorkloadHoursPerMonth { get; set; }

    public List<FormOrLedger> FormsAndLedgers { get; set; } = [];

    /// <summary>Funds per community (yuan) the department commits (谁委托谁出钱).</summary>
    public decimal FundingPerCommunity { get; set; }

    public string? SupportPersonnel { get; set; }
    public string? SupportTraining { get; set; }
    public string? SupportGuidance { get; set; }

    public bool Urgent { get; set; }
    public string? UrgencyJustification { get; set; }
    public DateOnly? NeededBy { get; set; }

    // Status.
    public ApplicationStage Stage { get; set; }
    public DateTimeOffset StageSince { get; set; }
    public string? WaitingForZh { get; set; }
    public string? WaitingForEn { get; set; }
    public DateTimeOffset? WaitingUntil { get; set; }

    /// <summary>The last decision (a screening outcome, a review, a vote result…) and its reason, as the department reads it.</summary>
    public string? Decision { get; set; }
    public string? DecisionReason { get; set; }

    /// <summary>The list item a screening decision cites (duty or negative list), with the list version.</summary>
    public string? DecisionReference { get; set; }

    /// <summary>True when some target community would exceed the monthly hours cap after admission.</summary>
    public bool BurdenFlagged { get; set; }
    public string? BurdenDetail { get; set; }

    public string? WorkflowInstanceId { get; set; }
    public string? AdmissionNumber { get; set; }

    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two people changing the same application cannot overwrite each other.</summary>
    public long Revision { get; set; }

    public bool IsFinal => Stage >= ApplicationStage.Completed;
}

/// <summary>One line of an application's history: when, which stage, who, what happened.</summary>
public sealed class ApplicationEvent
{
    public long Id { get; init; }
    public required Guid ApplicationId { get; init; }
    public required string District { get; init; }
    public DateTimeOffset At { get; init; }
    public ApplicationStage Stage { get; init; }

    /// <summary>A stable key of what happened (submitted, screened, queued, window-opened, vote-cast…).</summary>
    public required string Kind { get; init; }
    public required string Actor { get; init; }
    public required string TextZh { get; init; }
    public required string TextEn { get; init; }
}
