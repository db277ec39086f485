using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRouting.Contracts.Dispatch;
using TaskRouting.Server.IntegrationTests.Admission;

namespace TaskRouting.Server.IntegrationTests.Streets;

/// <summary>The street gateway on the real RabbitMQ and PostgreSQL: the plan-list check, violation reports, scope.</summary>
[Collection(AdmissionCollection.Name)]
public sealed class StreetGatewayTests(AdmissionFixture server)
{
    private static Task<JsonElement> Json(HttpResponseMessage response) => AdmissionFixture.Json(response);

    [Fact]
    public async Task DispatchWithUnknownAdmissionNumber_IsRefusedAndReported_OnceEvenWhenDeliveredTwice()
    {
        var dispatchId = Guid.NewGuid();
        var task = new DispatchTask
        {
            DispatchId = dispatchId, ApplicationId = Guid.NewGuid(), AdmissionNumber = "DX-2026-H1-999", District = "DX", Street = "DX01", Community = "DX01004",
            Department = AdmissionFixture.Department, Title = "未经准入的入户调查", Description = "每户填写调查表", WorkloadHoursPerMonth = 12, Funding = 0,
            AcknowledgeBy = server.Time.GetUtcNow().AddDays(3), DispatchedAt = server.Time.GetUtcNow(),
        };
        var messageId = Guid.NewGuid();
        await server.PublishAsync(task, messageId);
        await server.PublishAsync(task, messageId);

        await AdmissionFixture.EventuallyAsync(async () =>
            await server.Database.ScalarAsync<long>($"SELECT count(*) FROM gw_violations WHERE \"DispatchId\" = '{dispatchId}'") == 1, "the automatic report");
        var community = await server.As("c-DX01004");
        var received = (await Json(await community.GetAsync("/api/street/tasks"))).EnumerateArray().Single(t => t.GetProperty("dispatchId").GetGuid() == dispatchId);
        Assert.Equal("Refused", received.GetProperty("status").GetString());
        Assert.Equal("NotOnPlanList", received.GetProperty("refusalReason").GetString());
        var reports = (await Json(await community.GetAsync("/api/street/violations"))).EnumerateArray().Where(r => r.GetProperty("admissionNumber").GetString() == "DX-2026-H1-999").ToList();
        Assert.Single(reports);
        Assert.True(reports[0].GetProperty("automatic").GetBoolean());

        // The central side hears of it: the office gets an automatic case to triage, and the refusal travelled as TaskRefused.
        await AdmissionFixture.EventuallyAsync(async () => (await Json(await (await server.As("office")).GetAsync("/api/violations"))).EnumerateArray()
            .Any(c => c.GetProperty("admissionNumber").GetString() == "DX-2026-H1-999" && c.GetProperty("automatic").GetBoolean() && c.GetProperty("status").GetString() == "Triage"),
            "the office's case");
        Assert.Equal(1, await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM gw_outbox WHERE \"MessageType\" = 'TaskRouting.Contracts.Dispatch.TaskRefused' AND \"Body\" LIKE '%{dispatchId}%'"));
        await Task.Delay(300);
        Assert.Equal(1, await server.Database.ScalarAsync<long>($"SELECT count(*) FROM gw_tasks WHERE \"DispatchId\" = '{dispatchId}'"));

        // A street sees its community's refused task; another street does not; a department is not the street side.
        Assert.Contains((await Json(await (await server.As("s-DX01")).GetAsync("/api/street/tasks"))).EnumerateArray(), t => t.GetProperty("dispatchId").GetGuid() == dispatchId);
        Assert.DoesNotContain((await Json(await (await server.As("s-DX02")).GetAsync("/api/street/tasks"))).EnumerateArray(), t => t.GetProperty("dispatchId").GetGuid() == dispatchId);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("dept")).GetAsync("/api/street/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Factory.CreateClient().GetAsync("/api/street/tasks")).StatusCode);
    }

    [Fact]
    public async Task ViolationReport_BadInputIsRefusedWithFieldErrors_AndStoresNothing_AValidOneReachesTheOffice()
    {
        var community = await server.As("c-DX02005");
        async Task<long> Stored() => await server.Database.ScalarAsync<long>("SELECT count(*) FROM gw_violations WHERE \"Community\" = 'DX02005'");
        var before = await Stored();

        var empty = await community.PostAsJsonAsync("/api/street/violations", new { });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var errors = (await Json400(empty)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("reportedUnit", out _));
        Assert.True(errors.TryGetProperty("what", out _));
        Assert.True(errors.TryGetProperty("occurredOn", out _));

        var unknown = await community.PostAsJsonAsync("/api/street/violations", new { reportedUnit = "DX-NOPE", what = "要求填报表格", occurredOn = "2025-12-01" });
        Assert.Contains("DX-NOPE", (await Json400(unknown)).GetProperty("errors").GetProperty("reportedUnit")[0].GetString(), StringComparison.Ordinal);

        var oversized = await community.PostAsJsonAsync("/api/street/violations", new { reportedUnit = AdmissionFixture.Department, what = "要求填报表格", occurredOn = "2025-12-01", evidence = new string('证', 8001) });
        Assert.True((await Json400(oversized)).GetProperty("errors").TryGetProperty("evidence", out _));

        var future = await community.PostAsJsonAsync("/api/street/violations", new { reportedUnit = AdmissionFixture.Department, what = "要求填报表格", occurredOn = "2099-01-01" });
        Assert.True((await Json400(future)).GetProperty("errors").TryGetProperty("occurredOn", out _));

        var wrongType = await community.PostAsync("/api/street/violations", new StringContent("""{"reportedUnit":"DX-JY","what":"x","occurredOn":"yesterday"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True((await Json400(wrongType)).GetProperty("errors").TryGetProperty("occurredOn", out _));
        Assert.Equal(before, await Stored());

        var created = await community.PostAsJsonAsync("/api/street/violations", new { reportedUnit = AdmissionFixture.Department, what = "要求社区每周报送防汛台账", occurredOn = "2025-12-01", evidence = "微信群通知截图说明" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(before + 1, await Stored());
        await AdmissionFixture.EventuallyAsync(async () => (await Json(await (await server.As("office")).GetAsync("/api/workflows/tasks"))).EnumerateArray()
            .Any(t => t.GetProperty("description").GetString()!.Contains("要求社区每周报送防汛台账", StringComparison.Ordinal)), "the office's triage task for the report");
    }

    private static async Task<JsonElement> Json400(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}
