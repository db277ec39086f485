using System.Diagnostics;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests;

/// <summary>docker-compose.yml is how operators deploy; Debian's docker-compose validates it without an engine.</summary>
public class DockerComposeTests
{
    private static async Task<(int Code, string Output)> ComposeConfigAsync(string file, bool withSecrets = true)
    {
        var info = new ProcessStartInfo("docker-compose", ["-f", file, "config"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(file)!,
        };
        foreach (var name in new[] { "POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "TASKROUTING_ADMIN_PASSWORD" })
        {
            if (withSecrets)
            {
                info.Environment[name] = "test-secret-value";
            }
            else
            {
                info.Environment.Remove(name);
            }
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Config_RepositoryComposeFile_IsValidAndRunsProductionMode()
    {
        var (code, output) = await ComposeConfigAsync(Path.Combine(TestEnvironment.RepositoryRoot, "docker-compose.yml"));

        Assert.True(code == 0, output);
        foreach (var service in new[] { "postgres:", "rabbitmq:", "server:" })
        {
            Assert.Contains(service, output, StringComparison.Ordinal);
        }

        Assert.Contains("TaskRouting__Mode: Production", output, StringComparison.Ordinal);
        Assert.Contains("healthcheck:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_WithoutPasswords_RefusesToRender()
    {
        var (code, output) = await ComposeConfigAsync(Path.Combine(TestEnvironment.RepositoryRoot, "docker-compose.yml"), withSecrets: false);
        Assert.NotEqual(0, code);
        Assert.Contains("POSTGRES_PASSWORD", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_BrokenFile_IsRejected()
    {
        // Proves the check can fail: the same command refuses a file with an unknown key.
        var dir = Directory.CreateTempSubdirectory("tr-compose-").FullName;
        try
        {
            var file = Path.Combine(dir, "docker-compose.yml");
            await File.WriteAllTextAsync(file, "services:\n  server:\n    image: x\n    healthcheckz: {}\n");
            var (code, _) = await ComposeConfigAsync(file);
            Assert.NotEqual(0, code);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
