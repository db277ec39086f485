using System.Diagnostics;
using Jint;

namespace TaskRouting.Workflows.Runtime.Expressions;

/// <summary>
/// Stops a script that runs past its time budget. Jint's own TimeoutInterval arms a timer per evaluation (a
/// finalizable object per expression); this checks a timestamp at each statement instead, with the same effect.
/// </summary>
internal sealed class DeadlineConstraint(TimeSpan budget) : Constraint
{
    private long _deadline;

    public override void Check()
    {
        if (Stopwatch.GetTimestamp() > _deadline)
        {
            throw new TimeoutException($"The script ran longer than {budget.TotalMilliseconds:0} ms");
        }
    }

    public override void Reset() => _deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
}
