using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TaskRouting.Server.IntegrationTests.Admission;

/// <summary>Screening outcomes, the emergency lead time and bad applications, on PostgreSQL through the API.</summary>
[Collection(AdmissionCollection.Name)]
public sealed class AdmissionRulesTests(AdmissionFixture server)
{
    private static Task<JsonElement> Json(HttpResponseMessage response) => AdmissionFixture.Json(response);

    private async Task<Guid> FileAsync(object form) =>
        (await Json(await (await server.As("dept-mz")).PostAsJsonAsync("/api/applications?submit=true", form))).GetProperty("id").GetGuid();

    private Task<JsonElement> StatusAsync(Guid id) => server.StatusAsync("dept-mz", id);

    private Task<HttpResponseMessage> ScreenAsync(Guid id, string outcome, string? comment, object? data = null) =>
        server.CompleteTaskAsync("office", id, outcome, comment, data);

    [Fact]
    public async Task Screening_NoFunding_IsReturnedAutomatically_WithTheReason()
    {
        var id = await FileAsync(AdmissionFixture.Application("无经费事项", funding: 0, wholeDistrict: false, communities: ["DX01001"]));
        var status = await StatusAsync(id);
        Assert.Equal(("Returned", "MissingFunding"), (status.GetProperty("stage").GetString(), status.GetProperty("decision").GetString()));
        Assert.Contains("谁委托谁出钱", status.GetProperty("decisionReason").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screening_NegativeList_NeedsACitedItemInEffect_ThenRefuses()
    {
        var id = await FileAsync(AdmissionFixture.Application("开具车辆无违章证明", wholeDistrict: false, communities: ["DX01002"], description: "社区为居民开具车辆无违章证明"));
        var task = (await Json(await (await server.As("office")).GetAsync("/api/workflows/tasks"))).EnumerateArray()
            .Single(t => t.GetProperty("context").GetProperty("applicationId").GetString() == id.ToString());
        Assert.Contains("N01", task.GetProperty("description").GetString()!, StringComparison.Ordinal);

        var missing = await ScreenAsync(id, "NegativeList", "无权开具");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("data.reference", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await ScreenAsync(id, "NegativeList", "无权开具", new { reference = "N99" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ScreenAsync(id, "NegativeList", null, new { reference = "N01" })).StatusCode);

        (await ScreenAsync(id, "NegativeList", "社区无权开具此类证明", new { reference = "N01" })).EnsureSuccessStatusCode();
        var status = await StatusAsync(id);
        Assert.Equal(("Refused", "NegativeList", "N01"), (status.GetProperty("stage").GetString(), status.GetProperty("decision").GetString(), status.GetProperty("decisionReference").GetString()));
    }

    [Theory]
    [InlineData("DepartmentDuty")]
    [InlineData("ServiceCentre")]
    [InlineData("PurchaseServices")]
    public async Task Screening_OfficeOutcome_ReturnsWithTheOfficesReason(string outcome)
    {
        var id = await FileAsync(AdmissionFixture.Application("筛查 " + outcome, wholeDistrict: false, communities: ["DX02001"]));
        (await ScreenAsync(id, outcome, "理由:" + outcome)).EnsureSuccessStatusCode();
        var status = await StatusAsync(id);
        Assert.Equal(("Returned", outcome, "理由:" + outcome), (status.GetProperty("stage").GetString(), status.GetProperty("decision").GetString(), status.GetProperty("decisionReason").GetString()));
    }

    [Fact]
    public async Task Withdraw_BeforeReview_CancelsTheWorkflow()
    {
        var id = await FileAsync(AdmissionFixture.Application("撤回测试", wholeDistrict: false, communities: ["DX03001"]));
        await Json(await (await server.As("dept-mz")).PostAsJsonAsync($"/api/applications/{id}/withdraw", new { reason = "不再需要" }));
        Assert.Equal("Withdrawn", (await StatusAsync(id)).GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await (await server.As("dept-mz")).PostAsJsonAsync($"/api/applications/{id}/withdraw", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("dept")).GetAsync($"/api/applications/{id}")).StatusCode);
    }

    [Fact]
    public async Task BadApplications_Get400WithFieldErrors_AndCreateNothing()
    {
        var dept = await server.As("dept-mz");
        var before = await server.Database.ScalarAsync<long>("SELECT count(*) FROM adm_applications");
        var cases = new (object Form, string Field)[]
        {
            (new { category = "Task", wholeDistrict = true, startDate = "2026-12-31", durationMonths = 1, workloadHoursPerMonth = 1, fundingPerCommunity = 1 }, "title"),
            (AdmissionFixture.Application("未知社区", wholeDistrict: false, communities: ["DX01001", "ZZ999"]), "targetCommunities[1]"),
            (AdmissionFixture.Application("负数经费", funding: -5), "fundingPerCommunity"),
            (AdmissionFixture.Application("过去的需用日期", urgent: true, neededBy: "2025-01-01"), "neededBy"),
        };
        foreach (var (form, field) in cases)
        {
            var response = await dept.PostAsJsonAsync("/api/applications?submit=true", form);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        Assert.Equal(before, await server.Database.ScalarAsync<long>("SELECT count(*) FROM adm_applications"));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("office")).PostAsJsonAsync("/api/applications", AdmissionFixture.Application("办公室不能申请"))).StatusCode);
    }
}
