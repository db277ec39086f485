using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TaskRouting.Server.IntegrationTests.Admission;

/// <summary>
/// The emergency track end to end on PostgreSQL, across the 2026 Spring Festival (15–23 February off, Saturdays 14 and
/// 28 February worked). It has its own server and clock: the lifecycle tests need December 2025, this one February 2026.
/// </summary>
[Collection(EmergencyCollection.Name)]
public sealed class EmergencyTrackTests(AdmissionFixture server)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static Task<JsonElement> Json(HttpResponseMessage response) => AdmissionFixture.Json(response);

    private Task<HttpResponseMessage> CompleteAsync(string user, Guid application, string outcome, string? comment = null, object? data = null) =>
        server.CompleteTaskAsync(user, application, outcome, comment, data);

    private Task<JsonElement> StatusAsync(Guid application) => server.StatusAsync("dept", application);

    private async Task<List<JsonElement>> AlertsAsync(string user, Guid application) =>
        (await Json(await (await server.As(user)).GetAsync("/api/alerts"))).EnumerateArray()
            .Where(a => a.TryGetProperty("applicationId", out var id) && id.ValueKind == JsonValueKind.String && id.GetGuid() == application).ToList();

    private static object Urgent(string title, string neededBy) =>
        AdmissionFixture.Application(title, wholeDistrict: false, communities: ["DX01001", "DX02001", "DX03001"], urgent: true, neededBy: neededBy);

    [Fact]
    public async Task EmergencyTrack_LeadTimeAcrossSpringFestival_SlaEscalation_InstantApproval_Funding_Dispatch_Inspection()
    {
        // Friday 13 February 2026, 09:00: the next working days are Saturday 14 (make-up), Tuesday 24 and Wednesday 25.
        await server.AdvanceToAsync("2026-02-13T09:00:00");
        var dept = await server.As("dept");
        var before = await server.Database.ScalarAsync<long>("SELECT count(*) FROM adm_applications");
        var tooSoon = await dept.PostAsJsonAsync("/api/applications?submit=true", Urgent("防汛隐患紧急排查", "2026-02-24"));
        Assert.Equal(HttpStatusCode.BadRequest, tooSoon.StatusCode);
        var errors = (await tooSoon.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("2026-02-25", errors.GetProperty("neededBy")[0].GetString()!, StringComparison.Ordinal);
        Assert.Equal(before, await server.Database.ScalarAsync<long>("SELECT count(*) FROM adm_applications"));

        // Filed exactly 3 working days ahead: the emergency workflow starts and the office has 4 hours.
        var created = await Json(await dept.PostAsJsonAsync("/api/applications?submit=true", Urgent("防汛隐患紧急排查", "2026-02-25")));
        var id = created.GetProperty("id").GetGuid();
        var filed = await StatusAsync(id);
        Assert.Equal("EmergencyApproval", filed.GetProperty("stage").GetString());
        Assert.Equal(new DateTimeOffset(2026, 2, 13, 13, 0, 0, China), filed.GetProperty("waitingUntil").GetDateTimeOffset());
        var instance = await server.Database.ScalarAsync<string>(
            $"SELECT i.\"DefinitionId\" FROM workflow_instances i JOIN adm_applications a ON a.\"WorkflowInstanceId\" = i.\"Id\" WHERE a.\"Id\" = '{id}'");
        Assert.Equal("DX-admission-emergency", instance);

        // A second urgent item the department will never fund: it lapses after 10 working days.
        var unfunded = (await Json(await dept.PostAsJsonAsync("/api/applications?submit=true", Urgent("寒潮困难群众紧急走访", "2026-02-26")))).GetProperty("id").GetGuid();

        // The SLA passes without a decision: the supervisor is alerted, the task stays with the office.
        await server.AdvanceToAsync("2026-02-13T12:59:00");
        Assert.Empty(await AlertsAsync("supervisor", id));
        await server.AdvanceToAsync("2026-02-13T13:00:01");
        Assert.Contains(await AlertsAsync("supervisor", id), a => a.GetProperty("kind").GetString() == "Escalation");
        Assert.Contains((await StatusAsync(id)).GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "emergency-sla-missed");

        // Refusing needs a reason; the office approves both at once.
        Assert.Equal(HttpStatusCode.BadRequest, (await CompleteAsync("office", id, "Refuse")).StatusCode);
        (await CompleteAsync("office", id, "Approve", "同意,即时下派")).EnsureSuccessStatusCode();
        (await CompleteAsync("office", unfunded, "Approve")).EnsureSuccessStatusCode();
        var funding = await StatusAsync(id);
        Assert.Equal(("Funding", "DX-2026-EM-001"), (funding.GetProperty("stage").GetString(), funding.GetProperty("admissionNumber").GetString()));
        // 10 working days from Friday 13 February skip the festival and count Saturday 28 February: Thursday 5 March.
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 23, 59, 59, China), funding.GetProperty("waitingUntil").GetDateTimeOffset());
        Assert.Equal("DX-2026-EM-002", (await StatusAsync(unfunded)).GetProperty("admissionNumber").GetString());
        using var anonymous = server.Factory.CreateClient();
        var plan = await Json(await anonymous.GetAsync("/api/public/DX/plan-list?year=2026"));
        Assert.Contains(plan.EnumerateArray(), p => p.GetProperty("number").GetString() == "DX-2026-EM-001" && p.GetProperty("communities").GetInt32() == 3);

        // Funding, dispatch to the three communities, inspection.
        (await CompleteAsync("dept", id, "Confirm", data: new { total = 3_000 })).EnsureSuccessStatusCode();
        Assert.Equal("Dispatch", (await StatusAsync(id)).GetProperty("stage").GetString());
        foreach (var community in new[] { "DX01001", "DX02001", "DX03001" })
        {
            await Json(await server.AnswerTaskAsync($"c-{community}", id, "acknowledge"));
            await Json(await server.AnswerTaskAsync($"c-{community}", id, "complete", "排查完毕"));
        }

        await AdmissionFixture.EventuallyAsync(async () => (await StatusAsync(id)).GetProperty("stage").GetString() == "Inspection", "the completions to reach the central side");
        (await CompleteAsync("supervisor", id, "Compliant", "抽查合格")).EnsureSuccessStatusCode();
        var done = await StatusAsync(id);
        Assert.Equal("Completed", done.GetProperty("stage").GetString());
        var kinds = done.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()).ToList();
        foreach (var kind in new[] { "submitted", "emergency-filed", "emergency-sla-missed", "emergency-decided", "admitted", "funding-confirmed", "dispatched", "dispatch-settled", "inspected", "closed" })
        {
            Assert.Contains(kind, kinds);
        }

        // The unfunded item: escalated after 5 working days (Friday 27 February, not the 20th inside the festival)…
        await server.AdvanceToAsync("2026-02-27T23:59:00");
        Assert.DoesNotContain(await AlertsAsync("supervisor", unfunded), a => a.GetProperty("textEn").GetString()!.StartsWith("Funding", StringComparison.Ordinal));
        await server.AdvanceToAsync("2026-02-28T00:00:01");
        Assert.Contains(await AlertsAsync("supervisor", unfunded), a => a.GetProperty("textEn").GetString()!.StartsWith("Funding", StringComparison.Ordinal));
        Assert.Contains(await AlertsAsync("dept", unfunded), a => a.GetProperty("kind").GetString() == "Reminder");

        // …then lapses after 10, leaving the plan list.
        await server.AdvanceToAsync("2026-03-05T23:59:00");
        Assert.Equal("Funding", (await StatusAsync(unfunded)).GetProperty("stage").GetString());
        await server.AdvanceToAsync("2026-03-06T00:00:01");
        var lapsed = await StatusAsync(unfunded);
        Assert.Equal(("Lapsed", "Lapsed"), (lapsed.GetProperty("stage").GetString(), lapsed.GetProperty("decision").GetString()));
        var after = await Json(await anonymous.GetAsync("/api/public/DX/plan-list?year=2026"));
        Assert.Equal("Lapsed", after.EnumerateArray().Single(p => p.GetProperty("number").GetString() == "DX-2026-EM-002").GetProperty("status").GetString());
        var open = await Json(await (await server.As("dept")).GetAsync("/api/workflows/tasks"));
        Assert.DoesNotContain(open.EnumerateArray(), t => t.GetProperty("context").GetProperty("applicationId").GetString() == unfunded.ToString());
    }
}

[CollectionDefinition(Name)]
public sealed class EmergencyCollection : ICollectionFixture<AdmissionFixture>
{
    public const string Name = "admission-emergency";
}
