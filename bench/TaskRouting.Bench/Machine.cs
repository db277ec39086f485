using System.Runtime.InteropServices;

namespace TaskRouting.Bench;

/// <summary>What the figures were measured on, printed with every benchmark.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"machine: {Environment.ProcessorCount} cores, {cpu ?? "unknown CPU"}, {memory ?? "unknown memory"}, " +
               $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}

internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = p / 100.0 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}

/// <summary>
/// CPU seconds spent so far by this process, the RabbitMQ node (beam.smp) and PostgreSQL (every postgres process),
/// read from /proc: on a shared 2-core machine a phase's CPU cost is steadier than its wall time. Processes started and
/// ended between two readings are missed (PostgreSQL's backends stay for the pooled connections); zero off Linux.
/// </summary>
internal readonly record struct CpuReading(double Self, double Broker, double Database)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static CpuReading Now()
    {
        double broker = 0, database = 0;
        if (Directory.Exists("/proc"))
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    // pid (comm) state … utime is field 14, stime 15; comm may hold spaces, so split after its ')'.
                    var close = stat.LastIndexOf(')');
                    var comm = stat[(stat.IndexOf('(') + 1)..close];
                    var fields = stat[(close + 2)..].Split(' ');
                    var seconds = (double.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + double.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / TicksPerSecond;
                    if (comm == "beam.smp")
                    {
                        broker += seconds;
                    }
                    else if (comm == "postgres")
                    {
                        database += seconds;
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
                {
                    // Not a process directory, or the process ended while being read.
                }
            }
        }

        return new CpuReading(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, broker, database);
    }

    public static CpuReading operator -(CpuReading after, CpuReading before) =>
        new(after.Self - before.Self, after.Broker - before.Broker, after.Database - before.Database);

    public double Total => Self + Broker + Database;

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"CPU {Total:0.0} s (this process {Self:0.0}, RabbitMQ {Broker:0.0}, PostgreSQL {Database:0.0})");
}
