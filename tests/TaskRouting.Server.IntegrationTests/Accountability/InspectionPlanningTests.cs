using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRouting.Server.IntegrationTests.Admission;

namespace TaskRouting.Server.IntegrationTests.Accountability;

/// <summary>Unified inspections (统一检查考核) through the API on PostgreSQL: merging requests into one visit per community and period, working-day scheduling, bad requests.</summary>
[Collection(EvaluationCollection.Name)]
public sealed class InspectionPlanningTests(EvaluationFixture server)
{
    private static Task<JsonElement> Json(HttpResponseMessage response) => AdmissionFixture.Json(response);

    private async Task<Guid> RequestAsync(string department, string[] communities, string period, string purpose, string? preferredFrom = null)
    {
        var response = await (await server.As(department)).PostAsJsonAsync("/api/inspections/requests", new { communities, period, purpose, preferredFrom });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> PlanAsync(string period) =>
        await Json(await (await server.As("office")).PostAsJsonAsync("/api/inspections/visits/plan", new { period }));

    private async Task<List<JsonElement>> VisitsAsync(string user, string? period = null) =>
        (await Json(await (await server.As(user)).GetAsync("/api/inspections/visits" + (period is null ? "" : $"?period={period}")))).EnumerateArray().ToList();

    private static JsonElement Of(JsonElement plan, string list, string community) =>
        plan.GetProperty(list).EnumerateArray().Single(v => v.GetProperty("community").GetString() == community);

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);

    [Fact]
    public async Task Plan_TwoDepartmentsOneCommunity_OneVisit_ALateRequestJoinsIt_AnotherPeriodIsSeparate()
    {
        var education = await RequestAsync("dept", ["DX01001", "DX01002"], "2026-10", "检查教育台账落实", "2026-10-01");
        var civil = await RequestAsync("dept-mz", ["DX01001"], "2026-10", "检查低保入户核查");
        await RequestAsync("dept-mz", ["DX01001"], "2026-11", "检查养老服务");

        // One visit per community: DX01001's covers both departments, on the first working day after the National Day holiday.
        var plan = await PlanAsync("2026-10");
        var visit = Of(plan, "created", "DX01001");
        var visitId = visit.GetProperty("id").GetGuid();
        Assert.Equal(["DX-JY", "DX-MZ"], Strings(visit.GetProperty("departments")));
        Assert.Equal(new[] { education, civil }.Order(), visit.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("requestId").GetGuid()).Order());
        Assert.Equal("2026-10-08", visit.GetProperty("scheduledOn").GetString());
        Assert.Equal(["DX-JY"], Strings(Of(plan, "created", "DX01002").GetProperty("departments")));

        // Planning again changes nothing.
        var again = await PlanAsync("2026-10");
        Assert.DoesNotContain(again.GetProperty("created").EnumerateArray().Concat(again.GetProperty("extended").EnumerateArray()),
            v => v.GetProperty("community").GetString()!.StartsWith("DX0100", StringComparison.Ordinal));

        // A third request after planning joins the same visit, which moves to its from-date: Saturday 10 October, a make-up working day.
        var late = await RequestAsync("dept", ["DX01001"], "2026-10", "复查教育台账", "2026-10-10");
        var extended = Of(await PlanAsync("2026-10"), "extended", "DX01001");
        Assert.Equal((visitId, "2026-10-10", 3), (extended.GetProperty("id").GetGuid(), extended.GetProperty("scheduledOn").GetString(), extended.GetProperty("items").GetArrayLength()));
        Assert.Equal(1, await server.Database.ScalarAsync<long>("SELECT count(*) FROM adm_inspection_visits WHERE \"CommunityCode\" = 'DX01001' AND \"Period\" = '2026-10'"));

        // Another period is another visit.
        var november = Of(await PlanAsync("2026-11"), "created", "DX01001");
        Assert.NotEqual(visitId, november.GetProperty("id").GetGuid());
        Assert.Equal("2026-11-02", november.GetProperty("scheduledOn").GetString());

        // Who sees what: the community its own visits; a department the visits covering its requests, detailed for its own only.
        Assert.Equal(2, (await VisitsAsync("c-DX01001")).Count);
        Assert.Equal("DX01002", Assert.Single(await VisitsAsync("c-DX01002", "2026-10")).GetProperty("community").GetString());
        Assert.Empty(await VisitsAsync("c-DX01003"));
        var forEducation = (await VisitsAsync("dept", "2026-10")).Where(v => v.GetProperty("community").GetString()!.StartsWith("DX0100", StringComparison.Ordinal)).ToList();
        Assert.Equal(["DX01001", "DX01002"], forEducation.Select(v => v.GetProperty("community").GetString()!).Order(StringComparer.Ordinal));
        var shared = forEducation.Single(v => v.GetProperty("community").GetString() == "DX01001");
        Assert.Equal(["DX-JY", "DX-MZ"], Strings(shared.GetProperty("departments")));
        Assert.All(shared.GetProperty("items").EnumerateArray(), i => Assert.Equal("DX-JY", i.GetProperty("department").GetString()));
        Assert.Equal(visitId, Assert.Single(await VisitsAsync("dept-mz", "2026-10"), v => v.GetProperty("community").GetString() == "DX01001").GetProperty("id").GetGuid());
        Assert.Equal(3, (await Json(await (await server.As("supervisor")).GetAsync("/api/inspections/visits?period=2026-10"))).EnumerateArray()
            .Single(v => v.GetProperty("id").GetGuid() == visitId).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("s-DX01")).GetAsync("/api/inspections/visits")).StatusCode);
        var requests = (await Json(await (await server.As("dept")).GetAsync("/api/inspections/requests"))).EnumerateArray().ToList();
        Assert.Contains(requests, r => r.GetProperty("id").GetGuid() == late);
        Assert.All(requests, r => Assert.Equal("DX-JY", r.GetProperty("department").GetString()));
        var all = (await Json(await (await server.As("office")).GetAsync("/api/inspections/requests?period=2026-10"))).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        Assert.Superset(new HashSet<Guid> { education, civil, late }, all.ToHashSet());

        // The supervisor records a finding per request and closes the visit; an incomplete record changes nothing.
        var supervisor = await server.As("supervisor");
        var incomplete = await supervisor.PostAsJsonAsync($"/api/inspections/visits/{visitId}/record", new { findings = new[] { new { requestId = civil, compliant = true, findings = "合格" } } });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.Contains("\"findings\"", await incomplete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var findings = new[] { education, civil, late }.Select(r => new { requestId = r, compliant = r != late, findings = r == late ? "台账未更新" : "合格" }).ToArray();
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("office")).PostAsJsonAsync($"/api/inspections/visits/{visitId}/record", new { findings })).StatusCode);
        var recorded = await Json(await supervisor.PostAsJsonAsync($"/api/inspections/visits/{visitId}/record", new { findings }));
        Assert.Equal("Closed", recorded.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsJsonAsync($"/api/inspections/visits/{visitId}/record", new { findings })).StatusCode);
        Assert.Equal(1, await server.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_entries WHERE \"Action\" = 'inspection.visit-recorded' AND \"EntityId\" = '{visitId}'"));
        var lateView = (await Json(await (await server.As("dept")).GetAsync("/api/inspections/requests?period=2026-10"))).EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == late);
        Assert.Equal(("台账未更新", false), (lateView.GetProperty("communities")[0].GetProperty("findings").GetString(), lateView.GetProperty("communities")[0].GetProperty("compliant").GetBoolean()));

        // The community's inspection for the period is done: a new request for it is refused.
        var closed = await (await server.As("dept")).PostAsJsonAsync("/api/inspections/requests", new { communities = new[] { "DX01001" }, period = "2026-10", purpose = "再查一次" });
        Assert.Equal(HttpStatusCode.BadRequest, closed.StatusCode);
        Assert.Contains("communities[0]", await closed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_SchedulesOnWorkingDays_AcrossHolidaysAndWeekends()
    {
        await RequestAsync("dept", ["DX03001"], "2026-H2", "中秋后检查", "2026-09-25");
        await RequestAsync("dept", ["DX03002"], "2026-H2", "周末后检查", "2026-10-11");
        await RequestAsync("dept-mz", ["DX03003"], "2026-H2", "尽快检查");
        var plan = await PlanAsync("2026-H2");

        // 中秋 25–27 September off: Monday the 28th. Sunday 11 October: Monday the 12th. No date: today, Monday 20 July.
        Assert.Equal("2026-09-28", Of(plan, "created", "DX03001").GetProperty("scheduledOn").GetString());
        Assert.Equal("2026-10-12", Of(plan, "created", "DX03002").GetProperty("scheduledOn").GetString());
        Assert.Equal("2026-07-20", Of(plan, "created", "DX03003").GetProperty("scheduledOn").GetString());
        Assert.Equal("DX03", Of(plan, "created", "DX03003").GetProperty("street").GetString());
    }

    [Fact]
    public async Task BadRequests_Get400WithFieldErrors_AndStoreNothing()
    {
        var dept = await server.As("dept");
        const string count = "SELECT (SELECT count(*) FROM adm_inspection_requests) + (SELECT count(*) FROM adm_inspection_targets) + (SELECT count(*) FROM adm_inspection_visits)";
        var before = await server.Database.ScalarAsync<long>(count);
        var cases = new (object Body, string Field)[]
        {
            (new { communities = Array.Empty<string>(), period = "2026-10", purpose = "检查" }, "communities"),
            (new { communities = new[] { "DX04001", "ZZ999" }, period = "2026-10", purpose = "检查" }, "communities[1]"),
            (new { communities = new[] { "DX04001" }, period = "2026-13", purpose = "检查" }, "period"),
            (new { communities = new[] { "DX04001" }, period = "2026-06", purpose = "检查" }, "period"),
            (new { communities = new[] { "DX04001" }, period = "2026-10", purpose = "" }, "purpose"),
            (new { communities = new[] { "DX04001" }, period = "2026-10", purpose = new string('查', 1001) }, "purpose"),
            (new { communities = new[] { "DX04001" }, period = "2026-10", purpose = "检查", preferredFrom = "2026-11-05" }, "preferredFrom"),
            (new { communities = new[] { "DX04001" }, period = "2026-10", purpose = "检查", preferredFrom = "2026-10-20", preferredTo = "2026-10-12" }, "preferredTo"),
        };
        foreach (var (body, field) in cases)
        {
            var response = await dept.PostAsJsonAsync("/api/inspections/requests", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out _), $"{field}: {errors}");
        }

        var badPlan = await (await server.As("office")).PostAsJsonAsync("/api/inspections/visits/plan", new { period = "October" });
        Assert.Equal(HttpStatusCode.BadRequest, badPlan.StatusCode);
        Assert.Contains("period", await badPlan.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("office")).PostAsJsonAsync("/api/inspections/requests", new { communities = new[] { "DX04001" }, period = "2026-10", purpose = "检查" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dept.PostAsJsonAsync("/api/inspections/visits/plan", new { period = "2026-10" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("c-DX04001")).GetAsync("/api/inspections/requests")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("supervisor")).PostAsJsonAsync($"/api/inspections/visits/{Guid.NewGuid()}/record", new { findings = Array.Empty<object>() })).StatusCode);
        Assert.Equal(before, await server.Database.ScalarAsync<long>(count));
    }
}
