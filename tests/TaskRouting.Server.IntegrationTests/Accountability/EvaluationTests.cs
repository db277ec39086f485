using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRouting.Server.IntegrationTests.Admission;

namespace TaskRouting.Server.IntegrationTests.Accountability;

/// <summary>The communities' two-way evaluation (自下而上评议) through the API on PostgreSQL: who sees what, updates, bad input.</summary>
[Collection(EvaluationCollection.Name)]
public sealed class EvaluationTests(EvaluationFixture server)
{
    private static Task<JsonElement> Json(HttpResponseMessage response) => AdmissionFixture.Json(response);

    private async Task<HttpResponseMessage> EvaluateAsync(string community, string target, string period, int score, string? comment = null) =>
        await (await server.As($"c-{community}")).PostAsJsonAsync("/api/evaluations", new { target, period, score, comment });

    private async Task<JsonElement> GetAsync(string user, string path) => await Json(await (await server.As(user)).GetAsync(path));

    [Fact]
    public async Task Submit_AgainInTheSamePeriod_UpdatesTheOneEvaluation_AuditedBeforeAndAfter()
    {
        var first = await EvaluateAsync("DX01001", "DX-JY", "2026-H1", 80, "报表仍偏多");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await Json(first)).GetProperty("id").GetGuid();

        var second = await Json(await EvaluateAsync("DX01001", "DX-JY", "2026-H1", 92, "报表明显减少"));
        Assert.Equal((id, 92, "报表明显减少"), (second.GetProperty("id").GetGuid(), second.GetProperty("score").GetInt32(), second.GetProperty("comment").GetString()));
        Assert.Equal(1, await server.Database.ScalarAsync<long>(
            "SELECT count(*) FROM adm_evaluations WHERE \"CommunityCode\" = 'DX01001' AND \"TargetCode\" = 'DX-JY' AND \"Period\" = '2026-H1'"));

        var mine = (await GetAsync("c-DX01001", "/api/evaluations/mine?period=2026-H1")).EnumerateArray().ToList();
        Assert.Equal(92, Assert.Single(mine).GetProperty("score").GetInt32());
        var audit = await server.Database.ScalarAsync<string>(
            $"SELECT \"Before\"::text || ' -> ' || \"After\"::text FROM audit_entries WHERE \"Action\" = 'evaluation.updated' AND \"EntityId\" = '{id}'");
        Assert.Contains("80", audit, StringComparison.Ordinal);
        Assert.Contains("92", audit, StringComparison.Ordinal);
        Assert.Equal(1, await server.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_entries WHERE \"Action\" = 'evaluation.submitted' AND \"EntityId\" = '{id}'"));
    }

    [Fact]
    public async Task Visibility_ByRole_OwnResultsAnonymous_RankingsForTheOffice()
    {
        Assert.Equal(HttpStatusCode.Created, (await EvaluateAsync("DX02001", "DX-JY", "2026-H2", 70, "乙评语")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await EvaluateAsync("DX02002", "DX-JY", "2026-H2", 90, "甲评语")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await EvaluateAsync("DX03001", "DX-JY", "2026-H2", 95)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await EvaluateAsync("DX02001", "DX02", "2026-H2", 60, "街道下派任务多")).StatusCode);

        // The department reads its own results: average, count, distribution, comments, and no community's identity.
        var response = await (await server.As("dept")).GetAsync("/api/evaluations/results?period=2026-H2");
        var text = await response.Content.ReadAsStringAsync();
        var results = await Json(response);
        Assert.Equal(("DX-JY", 3, 85.0), (results.GetProperty("target").GetString(), results.GetProperty("count").GetInt32(), results.GetProperty("average").GetDouble()));
        Assert.Equal([0, 0, 1, 0, 2], results.GetProperty("distribution").EnumerateArray().Select(b => b.GetProperty("count").GetInt32()));
        Assert.Equal(["乙评语", "甲评语"], results.GetProperty("comments").EnumerateArray().Select(c => c.GetString()!).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("DX02001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DX03001", text, StringComparison.Ordinal);

        // Another department sees only its own (nothing); the street its own; another street nothing.
        Assert.Equal(0, (await GetAsync("dept-mz", "/api/evaluations/results?period=2026-H2")).GetProperty("count").GetInt32());
        var street = await GetAsync("s-DX02", "/api/evaluations/results?period=2026-H2");
        Assert.Equal(("Street", "DX02", 1, 60.0), (street.GetProperty("targetKind").GetString(), street.GetProperty("target").GetString(),
            street.GetProperty("count").GetInt32(), street.GetProperty("average").GetDouble()));
        Assert.Equal(0, (await GetAsync("s-DX03", "/api/evaluations/results?period=2026-H2")).GetProperty("count").GetInt32());

        // A community sees only what it submitted.
        Assert.Equal(["DX-JY", "DX02"], (await GetAsync("c-DX02001", "/api/evaluations/mine?period=2026-H2")).EnumerateArray().Select(e => e.GetProperty("target").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal("DX02002", Assert.Single((await GetAsync("c-DX02002", "/api/evaluations/mine")).EnumerateArray()).GetProperty("community").GetString());

        // The office, committee and supervisor read the district's rankings.
        var rankings = await GetAsync("office", "/api/evaluations/rankings?period=2026-H2");
        var departments = rankings.GetProperty("departments").EnumerateArray().ToList();
        Assert.Equal(("DX-JY", 1, 85.0, 3), (departments[0].GetProperty("code").GetString(), departments[0].GetProperty("rank").GetInt32(),
            departments[0].GetProperty("average").GetDouble(), departments[0].GetProperty("count").GetInt32()));
        Assert.Equal(("DX-MZ", JsonValueKind.Null, 0), (departments[1].GetProperty("code").GetString(), departments[1].GetProperty("rank").ValueKind, departments[1].GetProperty("count").GetInt32()));
        var streets = rankings.GetProperty("streets").EnumerateArray().ToList();
        Assert.Equal(5, streets.Count);
        Assert.Equal(("DX02", 60.0), (streets[0].GetProperty("code").GetString(), streets[0].GetProperty("average").GetDouble()));
        await GetAsync("committee", "/api/evaluations/rankings?period=2026-H2");
        await GetAsync("supervisor", "/api/evaluations/rankings?period=2026-H2");

        // Everyone else is refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("dept")).GetAsync("/api/evaluations/rankings?period=2026-H2")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("c-DX02001")).GetAsync("/api/evaluations/results?period=2026-H2")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("office")).GetAsync("/api/evaluations/mine")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("dept")).PostAsJsonAsync("/api/evaluations", new { target = "DX-MZ", period = "2026-H2", score = 90 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await (await server.As("dept")).GetAsync("/api/evaluations/results?period=2026")).StatusCode);
    }

    [Fact]
    public async Task BadEvaluations_Get400WithFieldErrors_AndStoreNothing()
    {
        var community = await server.As("c-DX04001");
        var before = await server.Database.ScalarAsync<long>("SELECT count(*) FROM adm_evaluations");
        var cases = new (object Body, string Field, string Contains)[]
        {
            (new { target = "DX-JY", period = "2026-H2", score = 101 }, "score", "0 到 100"),
            (new { target = "DX-JY", period = "2026-H2", score = -1 }, "score", "0 到 100"),
            (new { target = "DX-JY", period = "2026-H2" }, "score", "评分"),
            (new { target = "ZZ-GA", period = "2026-H2", score = 80 }, "target", "ZZ-GA"),
            (new { target = "DX05", period = "2026-H2", score = 80 }, "target", "本社区所在的街道 DX04"),
            (new { target = "DX-JY", period = "2025-H2", score = 80 }, "period", "2026-03-01"),
            (new { target = "DX-JY", period = "2027-H1", score = 80 }, "period", "尚未开始"),
            (new { target = "DX-JY", period = "2026-Q3", score = 80 }, "period", "2026-H1"),
            (new { target = "DX-JY", period = "2026-H2", score = 80, comment = new string('评', 2001) }, "comment", "2000"),
        };
        foreach (var (body, field, contains) in cases)
        {
            var response = await community.PostAsJsonAsync("/api/evaluations", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var messages), $"{field}: {errors}");
            Assert.Contains(contains, messages[0].GetString()!, StringComparison.Ordinal);
        }

        Assert.Equal(before, await server.Database.ScalarAsync<long>("SELECT count(*) FROM adm_evaluations"));
        Assert.Empty((await GetAsync("c-DX04001", "/api/evaluations/mine")).EnumerateArray());
    }
}
