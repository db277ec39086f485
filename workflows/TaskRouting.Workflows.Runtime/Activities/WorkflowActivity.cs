using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Activities;

/// <summary>
/// An activity type. One class per activity, declared with <see cref="ActivityAttribute"/>, <see cref="InputAttribute"/>
/// and <see cref="OutcomeAttribute"/>; instances are stateless (state lives in the instance) and take services
/// through their constructor.
/// </summary>
public abstract class WorkflowActivity
{
    /// <summary>Runs the activity when execution reaches it.</summary>
    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken);

    /// <summary>Continues after one of the activity's bookmarks was resumed. By default continues through "Done".</summary>
    public virtual ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Resumption resumption, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Done());
}
