using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TaskRouting.Server.Hosting;

/// <summary>TaskRouting's own trace source and meter, exported with ASP.NET Core's and MassTransit's.</summary>
public static class Telemetry
{
    public const string SourceName = "TaskRouting";

    public static readonly ActivitySource Source = new(SourceName);

    public static readonly Meter Meter = new(SourceName);
}
