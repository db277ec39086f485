namespace TaskRouting.Activities.Review;

/// <summary>
/// A January or July review window of a district: opened on the half's first working day, closed after a number of
/// working days. Its id (<c>{district}-{year}-H1|H2</c>) is the key, so it opens once however many nodes run the job.
/// </summary>
public sealed class ReviewWindow
{
    public required string Id { get; init; }
    public required string District { get; init; }
    public int Year { get; init; }
    public int Half { get; init; }
    public DateOnly OpensOn { get; init; }
    public DateOnly ClosesOn { get; init; }
    public DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>How many queued applications the window took in.</summary>
    public int Applications { get; set; }

    public static string IdOf(string district, int year, int half) => $"{district}-{year}-H{half}";
}
