using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Contracts.Dispatch;
using TaskRouting.Server.IntegrationTests.Admission;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Hosting;

/// <summary>The street gateway on the embedded default: in the server, on SQLite and the in-memory bus.</summary>
public sealed class EmbeddedGatewayTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("tr-embedded-gw-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task EmbeddedDefault_GatewayReceivesOverTheInMemoryBus_RefusesWorkNotOnThePlanList()
    {
        await using var factory = TaskRoutingFactory.Embedded(_dataDirectory);
        await factory.WaitUntilReadyAsync();
        using var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "demo-credentials.json")));
        HttpClient Login(string role)
        {
            var account = credentials.RootElement.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("role").GetString() == role);
            return factory.LoginAsync(account.GetProperty("userName").GetString()!, account.GetProperty("password").GetString()!).GetAwaiter().GetResult();
        }

        using var community = Login("community");
        var me = JsonDocument.Parse(await community.GetStringAsync("/api/auth/me")).RootElement;
        var (district, street, code) = (me.GetProperty("district").GetString()!, me.GetProperty("street").GetString()!, me.GetProperty("community").GetString()!);
        var dispatchId = Guid.NewGuid();
        await factory.Services.GetRequiredService<IBus>().Publish(new DispatchTask
        {
            DispatchId = dispatchId, ApplicationId = Guid.NewGuid(), AdmissionNumber = $"{district}-2026-H1-404", District = district, Street = street, Community = code,
            Department = "unknown", Title = "未经准入的台账", Description = "embedded", WorkloadHoursPerMonth = 1, Funding = 0,
            AcknowledgeBy = DateTimeOffset.UnixEpoch, DispatchedAt = DateTimeOffset.UnixEpoch,
        });

        JsonElement task = default;
        await AdmissionFixture.EventuallyAsync(async () =>
        {
            task = JsonDocument.Parse(await community.GetStringAsync("/api/street/tasks")).RootElement.EnumerateArray()
                .FirstOrDefault(t => t.GetProperty("dispatchId").GetGuid() == dispatchId);
            return task.ValueKind == JsonValueKind.Object;
        }, "the task in the community's inbox");
        Assert.Equal("Refused", task.GetProperty("status").GetString());
        Assert.Single(JsonDocument.Parse(await community.GetStringAsync("/api/street/violations")).RootElement.EnumerateArray(),
            r => r.GetProperty("automatic").GetBoolean() && r.GetProperty("admissionNumber").GetString() == $"{district}-2026-H1-404");

        using var operatorClient = Login("operator");
        var status = JsonDocument.Parse(await operatorClient.GetStringAsync("/api/operations/messaging")).RootElement;
        Assert.Equal("InMemory", status.GetProperty("transport").GetString());
        Assert.All(status.GetProperty("queues").EnumerateArray(), q => Assert.Equal(JsonValueKind.Null, q.GetProperty("messages").ValueKind));
        Assert.Equal(2, status.GetProperty("sides").GetArrayLength());
    }
}
