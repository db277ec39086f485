using System.Net;
using System.Text.Json;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Hosting;

public sealed class EmbeddedStartupTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("tr-embedded-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Start_EmbeddedDefault_ReadyReportsDatabaseBrokerAndJobs()
    {
        await using var factory = TaskRoutingFactory.Embedded(_dataDirectory);

        var ready = await factory.WaitUntilReadyAsync();

        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        Assert.Equal(["broker", "database", "jobs"], checks.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Sqlite", checks["database"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "taskrouting.db")));
    }

    [Fact]
    public async Task Start_EmbeddedDefault_SeedsDemoDistrictAndOneAccountPerRole()
    {
        await using var factory = TaskRoutingFactory.Embedded(_dataDirectory);
        await factory.WaitUntilReadyAsync();

        using var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "demo-credentials.json")));
        var accounts = credentials.RootElement.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal(
            ["admin", "auditor", "committee", "community", "department", "designer", "office", "operator", "street", "supervisor"],
            accounts.Select(a => a.GetProperty("role").GetString()!).Order(StringComparer.Ordinal));

        var office = accounts.Single(a => a.GetProperty("role").GetString() == "office");
        using var client = await factory.LoginAsync(office.GetProperty("userName").GetString()!, office.GetProperty("password").GetString()!);
        using var district = JsonDocument.Parse(await client.GetStringAsync("/api/organisation/districts/370299"));
        var streets = district.RootElement.GetProperty("streets").EnumerateArray().ToList();
        Assert.Equal(5, streets.Count);
        Assert.Equal(50, streets.Sum(s => s.GetProperty("communities").GetArrayLength()));
        Assert.True(district.RootElement.GetProperty("departments").GetArrayLength() >= 3);
    }

    [Fact]
    public async Task Start_SecondTime_KeepsTheSameDemoCredentials()
    {
        string first;
        await using (var factory = TaskRoutingFactory.Embedded(_dataDirectory))
        {
            await factory.WaitUntilReadyAsync();
            first = await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "demo-credentials.json"));
        }

        await using (var again = TaskRoutingFactory.Embedded(_dataDirectory))
        {
            await again.WaitUntilReadyAsync();
            Assert.Equal(first, await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "demo-credentials.json")));
        }
    }

    [Fact]
    public async Task Live_Always_AnswersWithoutCredentials()
    {
        await using var factory = TaskRoutingFactory.Embedded(_dataDirectory);
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
