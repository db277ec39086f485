using System.ComponentModel.DataAnnotations;

namespace TaskRouting.Workflows.Runtime.Expressions;

/// <summary>Limits on JavaScript expressions (section <c>TaskRouting:Workflows:Expressions</c>).</summary>
public sealed class ExpressionOptions
{
    public const string Section = "TaskRouting:Workflows:Expressions";

    /// <summary>Wall-clock limit for one evaluation. Default 250 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Memory one evaluation may allocate. Default 4 MiB.</summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public long MemoryBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Maximum call depth. Default 64.</summary>
    [Range(1, 10_000)]
    public int RecursionDepth { get; set; } = 64;

    /// <summary>Maximum statements executed. Default 10,000.</summary>
    [Range(1, 10_000_000)]
    public int MaxStatements { get; set; } = 10_000;
}
