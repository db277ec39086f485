using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TaskRouting.Server.IntegrationTests.Infrastructure;

/// <summary>The built server run as its own process, as `dotnet run` would, to test what an operator sees.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string StandardOutput { get { lock (_stdout) { return _stdout.ToString(); } } }

    public string StandardError { get { lock (_stderr) { return _stderr.ToString(); } } }

    public Process Process => _process;

    public static string ServerDll
    {
        get
        {
            // The test binaries and the server are built in the same configuration.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            return Path.Combine(TestEnvironment.RepositoryRoot, "hosts", "TaskRouting.Server", "bin", configuration, "net10.0", "TaskRouting.Server.dll");
        }
    }

    /// <summary>The built standalone street gateway (hosts/TaskRouting.StreetGateway), same configuration.</summary>
    public static string GatewayDll => Path.Combine(TestEnvironment.RepositoryRoot, "hosts", "TaskRouting.StreetGateway", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "TaskRouting.StreetGateway.dll");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server (or, with <paramref name="dll"/>, another built host) on a loopback port.</summary>
    public static ServerProcess Start(IReadOnlyDictionary<string, string> environment, int? port = null, string? dll = null)
    {
        var actualPort = port ?? FreePort();
        dll ??= ServerDll;
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{actualPort}";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process, actualPort);
        process.OutputDataReceived += (_, e) => { lock (server._stdout) { server._stdout.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (server._stderr) { server._stderr.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public async Task<bool> WaitForReadyAsync(TimeSpan within)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within && !_process.HasExited)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow answer while starting.
            }

            await Task.Delay(50);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
