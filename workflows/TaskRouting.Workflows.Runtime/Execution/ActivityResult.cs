namespace TaskRouting.Workflows.Runtime.Execution;

/// <summary>What an activity's execution produced.</summary>
public abstract record ActivityResult
{
    private ActivityResult()
    {
    }

    /// <summary>Continue through these outcome ports.</summary>
    public sealed record Outcomes(IReadOnlyList<string> Ports) : ActivityResult;

    /// <summary>Wait: create these bookmarks; the activity is resumed when one of them is.</summary>
    public sealed record Suspend(IReadOnlyList<BookmarkRequest> Bookmarks) : ActivityResult;

    /// <summary>Nothing to continue and nothing to wait for here (a join still waiting for other branches).</summary>
    public sealed record Absorb(string Reason) : ActivityResult;

    /// <summary>End the whole instance.</summary>
    public sealed record FinishWorkflow : ActivityResult;

    /// <summary>Fail: the instance stops with an incident an operator can retry.</summary>
    public sealed record Fault(string Message) : ActivityResult;

    public static ActivityResult Done() => new Outcomes(["Done"]);

    public static ActivityResult Outcome(string port) => new Outcomes([port]);

    public static ActivityResult Wait(BookmarkRequest bookmark) => new Suspend([bookmark]);
}

/// <summary>Thrown by activity code for a problem the operator must see; becomes an incident.</summary>
public sealed class ActivityFaultException(string message, Exception? inner = null) : Exception(message, inner);
