using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TaskRouting.Bench;

/// <summary>
/// Cold start to ready on the embedded default: the time from launching the built server process to the first
/// 200 from /health/ready (database migrated, demo data seeded, job server heartbeat, bus started).
/// "first start" uses an empty data folder (migrations + seeding); "restart" reuses the seeded one.
/// </summary>
internal static class ColdStart
{
    private const double GoalSeconds = 3.0;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length >= 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        var root = FindRoot();
        var dll = Path.Combine(root, "hosts", "TaskRouting.Server", "bin", "Release", "net10.0", "TaskRouting.Server.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"Build the server first: dotnet build -c Release hosts/TaskRouting.Server ({dll} is missing)");
            return 2;
        }

        Console.WriteLine("benchmark: cold start to /health/ready, embedded default (SQLite, Hangfire in memory, MassTransit in memory)");
        Console.WriteLine(Machine.Describe());
        Console.WriteLine($"server: {dll}");

        var first = new List<double>();
        var restart = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var data = Directory.CreateTempSubdirectory("tr-bench-coldstart-").FullName;
            try
            {
                first.Add(await StartOnceAsync(dll, root, data));
                restart.Add(await StartOnceAsync(dll, root, data));
            }
            finally
            {
                Directory.Delete(data, recursive: true);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1}/{runs}: first start {first[^1]:0.000} s, restart {restart[^1]:0.000} s"));
        }

        Report("first start (empty data folder)", first);
        Report("restart (seeded data folder)", restart);
        var median = Stats.Percentile(first, 50);
        var verdict = median < GoalSeconds ? "MET" : "MISSED";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"goal: median first start under {GoalSeconds:0.0} s -> {median:0.000} s, ratio {median / GoalSeconds:0.00} of the limit: {verdict}"));
        return median < GoalSeconds ? 0 : 1;
    }

    private static void Report(string label, List<double> seconds) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: median {Stats.Percentile(seconds, 50):0.000} s, p90 {Stats.Percentile(seconds, 90):0.000} s, min {seconds.Min():0.000} s, max {seconds.Max():0.000} s over {seconds.Count} runs"));

    private static async Task<double> StartOnceAsync(string dll, string root, string data)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [dll, "--contentRoot", Path.Combine(root, "hosts", "TaskRouting.Server")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["TaskRouting__DataDirectory"] = data;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var url = $"http://127.0.0.1:{port}/health/ready";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the server exited with code {process.ExitCode}");
                }

                try
                {
                    using var response = await client.GetAsync(url);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return clock.Elapsed.TotalSeconds;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                catch (TaskCanceledException)
                {
                    // busy starting
                }

                await Task.Delay(20);
            }

            throw new TimeoutException("the server was not ready within 60 s");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TaskRouting.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
