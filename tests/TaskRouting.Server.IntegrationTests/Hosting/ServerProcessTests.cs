using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Hosting;

public sealed class ServerProcessTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("tr-process-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Run_EmbeddedDefault_PrintsWhereItListensAndBecomesReady()
    {
        await using var server = ServerProcess.Start(new Dictionary<string, string> { ["TaskRouting__DataDirectory"] = _dataDirectory });

        var ready = await server.WaitForReadyAsync(TimeSpan.FromSeconds(60));

        Assert.True(ready, $"not ready; stdout: {server.StandardOutput} stderr: {server.StandardError}");
        Assert.Contains($"listening on http://127.0.0.1:{server.Port}", server.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_dataDirectory, "demo-credentials.json"), server.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EmbeddedDefault_IdleServer_DoesNotSpin()
    {
        // A relay that woke itself with its own empty claim's commit once kept an idle server at a full core.
        await using var server = ServerProcess.Start(new Dictionary<string, string> { ["TaskRouting__DataDirectory"] = _dataDirectory });
        Assert.True(await server.WaitForReadyAsync(TimeSpan.FromSeconds(60)), server.StandardOutput + server.StandardError);
        await Task.Delay(TimeSpan.FromSeconds(3));
        server.Process.Refresh();
        var before = server.Process.TotalProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(6));
        server.Process.Refresh();
        var used = server.Process.TotalProcessorTime - before;
        // Idle work (timers, the jobs' heartbeat, the relays' 1 s polls) takes a few percent of a core; a spinning loop takes all of one.
        Assert.True(used < TimeSpan.FromSeconds(2), $"an idle server used {used.TotalSeconds:0.00} s of CPU in 6 s");
    }

    [Fact]
    public async Task Run_BadSetting_ExitsWithCode2AndNamesTheSetting()
    {
        await using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["TaskRouting__DataDirectory"] = _dataDirectory,
            ["TaskRouting__Mode"] = "Production",
        });

        await server.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(2, server.Process.ExitCode);
        Assert.Contains("TaskRouting:Storage:Provider must be PostgreSql", server.StandardError, StringComparison.Ordinal);
        Assert.Contains("TaskRouting:Messaging:Transport must be RabbitMq", server.StandardError, StringComparison.Ordinal);
    }
}
