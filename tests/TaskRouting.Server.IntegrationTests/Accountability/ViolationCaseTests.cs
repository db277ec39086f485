using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Activities.Violations;
using TaskRouting.Server.IntegrationTests.Admission;

namespace TaskRouting.Server.IntegrationTests.Accountability;

/// <summary>
/// Violation reports end to end on the real PostgreSQL and RabbitMQ: reported in the street subsystem, opened as a
/// case centrally, run by the shipped violation workflow through triage, the "123" answer, the finding, the notice,
/// the correction and its verification; deadlines escalate and the daily follow-up hands cases to the duty officer.
/// </summary>
[Collection(AccountabilityCollection.Name)]
public sealed class ViolationCaseTests(AccountabilityFixture server)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    private static Task<JsonElement> Json(HttpResponseMessage response) => AdmissionFixture.Json(response);

    [Fact]
    public async Task Report_RunsFromTriageToAVerifiedCorrection_AndIsNamedInTheMonthsNotice()
    {
        var community = await server.As("c-DX01001");
        var what = $"要求社区每周报送安全生产台账 {Guid.NewGuid():N}";
        var created = await community.PostAsJsonAsync("/api/street/violations", new
        {
            reportedUnit = AdmissionFixture.Department, what, occurredOn = Today().AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            evidence = "街道工作群通知截图", attachments = new[] { new { fileName = "通知截图.png", contentType = "image/png", contentBase64 = Convert.ToBase64String(Png) } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json(created)).GetProperty("reportId").GetGuid();

        // The case opens centrally with its evidence, and the office has it to triage.
        var office = await server.As("office");
        var view = await CaseAsync("office", id);
        Assert.Equal("Triage", view.GetProperty("status").GetString());
        Assert.Equal("c-DX01001", view.GetProperty("reportedBy").GetString());
        var attachment = view.GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal(Png, await office.GetByteArrayAsync($"/api/violations/{id}/attachments/{attachment.GetProperty("id").GetGuid()}"));

        // Scope: the department reported sees it without the reporter's name; other communities and streets do not see it.
        var asDepartment = await Json(await (await server.As("dept")).GetAsync($"/api/violations/{id}"));
        Assert.Equal(JsonValueKind.Null, asDepartment.GetProperty("reportedBy").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await (await server.As("s-DX01")).GetAsync($"/api/violations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("s-DX02")).GetAsync($"/api/violations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("c-DX01002")).GetAsync($"/api/violations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("dept-mz")).GetAsync($"/api/violations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("c-DX01002")).GetAsync($"/api/violations/{id}/attachments/{attachment.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Factory.CreateClient().GetAsync($"/api/violations/{id}")).StatusCode);

        // Triage: accepting needs a remit; several departments need a real second one. A refused completion leaves the task open.
        var noRemit = await CompleteAsync("office", id, TriageViolation.Accept);
        Assert.Equal(HttpStatusCode.BadRequest, noRemit.StatusCode);
        Assert.Contains("data.remit", await noRemit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknownDepartment = await CompleteAsync("office", id, TriageViolation.Accept, data: new { remit = "SeveralDepartments", departments = new[] { "DX-NOPE" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknownDepartment.StatusCode);
        Assert.Contains("DX-NOPE", await unknownDepartment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        (await CompleteAsync("office", id, TriageViolation.Accept, data: new { remit = "SeveralDepartments", departments = new[] { "DX-MZ" } })).EnsureSuccessStatusCode();

        // "123": several departments answer within 3 working days, each in its own inbox; the step waits for both.
        view = await CaseAsync("office", id);
        Assert.Equal("Answering", view.GetProperty("status").GetString());
        var expectedDue = server.Factory.Services.GetRequiredService<Activities.ReferenceData.CalendarStore>().Current.AddWorkingDays(server.Time.GetUtcNow(), 3, null);
        Assert.Equal(expectedDue, view.GetProperty("answerDueAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, (await (await server.As("dept-mz")).GetAsync($"/api/violations/{id}")).StatusCode);
        (await CompleteAsync("dept", id, AnswerViolation.Answered, "已停止要求社区报送,改由部门自行采集")).EnsureSuccessStatusCode();
        Assert.Equal("Answering", (await CaseAsync("office", id)).GetProperty("status").GetString());
        (await CompleteAsync("dept-mz", id, AnswerViolation.Answered, "本部门未参与")).EnsureSuccessStatusCode();

        // The finding: confirmed, with its own correction deadline; the department is told.
        Assert.Equal("Finding", (await CaseAsync("office", id)).GetProperty("status").GetString());
        var badDays = await CompleteAsync("office", id, RecordFinding.Confirmed, "属实", new { correctionWorkingDays = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, badDays.StatusCode);
        (await CompleteAsync("office", id, RecordFinding.Confirmed, "未经准入要求社区报送台账,属实", new { correctionWorkingDays = 5 })).EnsureSuccessStatusCode();
        view = await CaseAsync("office", id);
        Assert.Equal("Correcting", view.GetProperty("status").GetString());
        Assert.Equal("Confirmed", view.GetProperty("finding").GetString());
        Assert.Contains((await Json(await (await server.As("dept")).GetAsync("/api/alerts"))).EnumerateArray(),
            a => a.GetProperty("textZh").GetString()!.Contains(what, StringComparison.Ordinal));

        // The month's notice names the unit, publicly; publishing it again returns the same notice.
        var period = Today().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var notice = await Json(await (await server.As("supervisor")).PostAsJsonAsync("/api/notices", new { period }));
        var entry = notice.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("caseId").GetGuid() == id);
        Assert.Equal(AdmissionFixture.Department, entry.GetProperty("unit").GetString());
        Assert.Equal("ConfirmedViolation", entry.GetProperty("kind").GetString());
        Assert.Equal(notice.GetProperty("id").GetGuid(), (await Json(await office.PostAsJsonAsync("/api/notices", new { period }))).GetProperty("id").GetGuid());
        var anonymous = server.Factory.CreateClient();
        var published = await Json(await anonymous.GetAsync("/api/public/DX/notices"));
        Assert.Contains(published.EnumerateArray(), n => n.GetProperty("period").GetString() == period);
        Assert.Contains(what, await anonymous.GetStringAsync($"/api/public/DX/notices/{notice.GetProperty("id").GetGuid()}"), StringComparison.Ordinal);
        Assert.DoesNotContain("c-DX01001", await anonymous.GetStringAsync($"/api/public/DX/notices/{notice.GetProperty("id").GetGuid()}"), StringComparison.Ordinal);
        Assert.Contains((await Json(await (await server.As("dept")).GetAsync("/api/alerts"))).EnumerateArray(),
            a => a.GetProperty("textEn").GetString()!.Contains(notice.GetProperty("number").GetString()!, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("dept")).PostAsJsonAsync("/api/notices", new { period })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PostAsJsonAsync("/api/notices", new { period = "2026-13" })).StatusCode);

        // The correction: reported, sent back once by the supervisor, reported again, verified; the case closes.
        (await CompleteAsync("dept", id, ReportCorrection.Corrected, "已撤回通知")).EnsureSuccessStatusCode();
        (await CompleteAsync("supervisor", id, VerifyCorrection.NotCorrected, "社区仍在报送")).EnsureSuccessStatusCode();
        Assert.Equal("Correcting", (await CaseAsync("office", id)).GetProperty("status").GetString());
        (await CompleteAsync("dept", id, ReportCorrection.Corrected, "已书面通知各社区停止报送")).EnsureSuccessStatusCode();
        (await CompleteAsync("supervisor", id, VerifyCorrection.Verified, null)).EnsureSuccessStatusCode();
        view = await CaseAsync("c-DX01001", id);
        Assert.Equal("Closed", view.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("correctedAt").ValueKind);
        var kinds = view.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["received", "triage", "accepted", "answer-requested", "answered", "answered", "finding", "confirmed", "correction-requested", "correction-reported", "verification",
            "not-corrected", "correction-requested", "correction-reported", "verification", "verified", "closed"], kinds);
        Assert.Equal(1, await server.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_entries WHERE \"Action\" = 'violation.received' AND \"EntityId\" = '{id}'"));
    }

    [Fact]
    public async Task Overdue_EscalatesToTheSupervisor_AndIsHandedToTheNextWorkingDaysDutyOfficer()
    {
        // Wednesday 30 September 2026, before National Day (1–7 October off; Saturday 10 October worked).
        await server.AdvanceToAsync("2026-09-30 10:00");
        var office = await server.As("office");

        // The roster: only office or supervisor users of the district, today or later; a bad day stores nothing.
        var bad = await office.PutAsJsonAsync("/api/duty-roster", new { days = new object[] { new { date = "2026-10-09", userName = "dept" }, new { date = "2026-09-01", userName = "supervisor" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var text = await bad.Content.ReadAsStringAsync();
        Assert.Contains("days[0].userName", text, StringComparison.Ordinal);
        Assert.Contains("days[1].date", text, StringComparison.Ordinal);
        Assert.Equal(0, await server.Database.ScalarAsync<long>("SELECT count(*) FROM adm_duty_roster"));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("dept")).PutAsJsonAsync("/api/duty-roster", new { days = new[] { new { date = "2026-10-09", userName = "supervisor" } } })).StatusCode);
        (await office.PutAsJsonAsync("/api/duty-roster", new { days = new[] { new { date = "2026-10-09", userName = "supervisor" } } })).EnsureSuccessStatusCode();

        var community = await server.As("c-DX03001");
        var what = $"要求社区开具居住证明 {Guid.NewGuid():N}";
        var id = (await Json(await community.PostAsJsonAsync("/api/street/violations", new { reportedUnit = "DX-MZ", what, occurredOn = "2026-09-29" }))).GetProperty("reportId").GetGuid();
        await CaseAsync("office", id);
        (await CompleteAsync("office", id, TriageViolation.Accept, data: new { remit = "Street" })).EnsureSuccessStatusCode();

        // The street's remit: 1 working day, and the next one after 30 September is 8 October.
        var view = await CaseAsync("office", id);
        Assert.Equal(DateTimeOffset.Parse("2026-10-08T23:59:59+08:00", CultureInfo.InvariantCulture), view.GetProperty("answerDueAt").GetDateTimeOffset());
        Assert.Contains((await Json(await (await server.As("s-DX03")).GetAsync("/api/workflows/tasks"))).EnumerateArray(),
            t => t.GetProperty("context").GetProperty("caseId").GetString() == id.ToString());

        // Still within the deadline on the evening of 8 October: no escalation, nothing handed over.
        await server.AdvanceToAsync("2026-10-08 20:00");
        Assert.Equal(0L, await FollowUpAsync(id));
        Assert.DoesNotContain(await AlertsAsync("supervisor"), a => a.Contains(what, StringComparison.Ordinal));

        // 9 October, 09:00: the deadline has passed; the supervisor is alerted and the day's duty officer takes the case, once.
        await server.AdvanceToAsync("2026-10-09 09:00");
        Assert.Contains(await AlertsAsync("supervisor"), a => a.Contains(what, StringComparison.Ordinal) && a.Contains("未答复", StringComparison.Ordinal));
        Assert.Equal(1L, await FollowUpAsync(id));
        Assert.Equal(0L, await FollowUpAsync(id));
        Assert.Equal("supervisor", (await CaseAsync("office", id)).GetProperty("dutyOfficer").GetString());
        Assert.Single(await AlertsAsync("supervisor"), a => a.Contains(what, StringComparison.Ordinal) && a.Contains("值班随访", StringComparison.Ordinal));
        Assert.True((await CaseAsync("office", id)).GetProperty("overdue").GetBoolean());

        // Saturday 10 October is a make-up working day with nobody rostered: the supervisors are warned instead.
        await server.AdvanceToAsync("2026-10-10 09:00");
        Assert.Equal(1L, await FollowUpAsync(id));
        Assert.Equal(JsonValueKind.Null, (await CaseAsync("office", id)).GetProperty("dutyOfficer").ValueKind);
        Assert.Contains(await AlertsAsync("supervisor"), a => a.Contains("2026-10-10", StringComparison.Ordinal) && a.Contains("没有安排值班人员", StringComparison.Ordinal));

        // Sunday 11 October is no working day: no hand-over.
        await server.AdvanceToAsync("2026-10-11 09:00");
        Assert.Equal(0L, await FollowUpAsync(id));

        // The street answers late; the case moves on to the office's finding.
        (await CompleteAsync("s-DX03", id, AnswerViolation.Answered, "已与民政局沟通,停止要求开具")).EnsureSuccessStatusCode();
        Assert.Equal("Finding", (await CaseAsync("office", id)).GetProperty("status").GetString());

        // Confirmed with one working day to correct (Monday 12 October), and not corrected: on 1 November the scheduled
        // notice for October names the unit twice, for the violation and for the overdue correction; a second run adds nothing.
        (await CompleteAsync("office", id, RecordFinding.Confirmed, "属实", new { correctionWorkingDays = 1 })).EnsureSuccessStatusCode();
        await server.AdvanceToAsync("2026-11-01 09:00");
        Assert.Contains(await AlertsAsync("supervisor"), a => a.Contains(what, StringComparison.Ordinal) && a.Contains("逾期未整改", StringComparison.Ordinal));
        for (var run = 0; run < 2; run++)
        {
            await using var scope = server.Factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Activities.Notices.Notices>().PublishDueAsync(CancellationToken.None);
        }

        Assert.Equal(1, await server.Database.ScalarAsync<long>("SELECT count(*) FROM adm_notices WHERE \"District\" = 'DX' AND \"Period\" = '2026-10'"));
        var october = (await Json(await server.Factory.CreateClient().GetAsync("/api/public/DX/notices"))).EnumerateArray().Single(n => n.GetProperty("period").GetString() == "2026-10");
        var named = october.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("caseId").GetGuid() == id).Select(e => e.GetProperty("kind").GetString()).Order().ToList();
        Assert.Equal(["ConfirmedViolation", "OverdueCorrection"], named);
        Assert.Equal("system", october.GetProperty("publishedBy").GetString());
    }

    [Fact]
    public async Task BadReports_AreRefusedWithFieldErrors_AndStoreNothing()
    {
        var community = await server.As("c-DX02003");
        async Task<(long Gateway, long Central)> StoredAsync() => (
            await server.Database.ScalarAsync<long>("SELECT count(*) FROM gw_violations WHERE \"Community\" = 'DX02003'"),
            await server.Database.ScalarAsync<long>("SELECT count(*) FROM adm_violation_cases WHERE \"Community\" = 'DX02003'"));
        var before = await StoredAsync();
        object Report(params object[] attachments) => new { reportedUnit = AdmissionFixture.Department, what = "要求填报表格", occurredOn = "2025-12-01", attachments };
        object File(string type, byte[] content, string name = "evidence") => new { fileName = name, contentType = type, contentBase64 = Convert.ToBase64String(content) };
        var pdf = "%PDF-1.4 evidence"u8.ToArray();

        await AssertRefusedAsync(await community.PostAsJsonAsync("/api/street/violations", new { }), "reportedUnit", "what", "occurredOn");
        await AssertRefusedAsync(await community.PostAsJsonAsync("/api/street/violations", new { reportedUnit = "DX-NOPE", what = "要求填报表格", occurredOn = "2025-12-01" }), "reportedUnit");
        await AssertRefusedAsync(await community.PostAsJsonAsync("/api/street/violations", Report(File("image/png", Png), File("image/png", Png), File("image/png", Png), File("image/png", Png))), "attachments");
        var oversized = new byte[(2 * 1024 * 1024) + 1];
        "%PDF-"u8.CopyTo(oversized);
        await AssertRefusedAsync(await community.PostAsJsonAsync("/api/street/violations", Report(File("application/pdf", oversized))), "attachments[0].contentBase64");
        await AssertRefusedAsync(await community.PostAsJsonAsync("/api/street/violations", Report(File("text/plain", "hello"u8.ToArray()))), "attachments[0].contentType");
        await AssertRefusedAsync(await community.PostAsJsonAsync("/api/street/violations", Report(File("image/png", Png), File("image/png", pdf))), "attachments[1].contentType");
        await AssertRefusedAsync(await community.PostAsJsonAsync("/api/street/violations", Report(new { fileName = "a.pdf", contentType = "application/pdf", contentBase64 = "not base64!" })), "attachments[0].contentBase64");
        await AssertRefusedAsync(await community.PostAsJsonAsync("/api/street/violations", Report(File("application/pdf", pdf, name: ""))), "attachments[0].fileName");
        await Task.Delay(500);
        Assert.Equal(before, await StoredAsync());

        // A PDF at exactly the limit is accepted.
        var atLimit = new byte[2 * 1024 * 1024];
        "%PDF-"u8.CopyTo(atLimit);
        var accepted = await community.PostAsJsonAsync("/api/street/violations", Report(File("application/pdf", atLimit, "scan.pdf")));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var id = (await Json(accepted)).GetProperty("reportId").GetGuid();
        Assert.Equal(2 * 1024 * 1024, (await CaseAsync("office", id)).GetProperty("attachments")[0].GetProperty("size").GetInt32());
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, params string[] fields)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        foreach (var field in fields)
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field} in {text}");
        }
    }

    private DateOnly Today() => Activities.ReferenceData.WorkingDayCalendar.ChinaDate(server.Time.GetUtcNow());

    /// <summary>The case as the user reads it, once it has arrived centrally (reports travel over the bus).</summary>
    private async Task<JsonElement> CaseAsync(string user, Guid id)
    {
        var client = await server.As(user);
        HttpResponseMessage? response = null;
        await AdmissionFixture.EventuallyAsync(async () => (response = await client.GetAsync($"/api/violations/{id}")).StatusCode == HttpStatusCode.OK, $"case {id} for {user}");
        return await Json(response!);
    }

    private async Task<HttpResponseMessage> CompleteAsync(string user, Guid caseId, string outcome, string? comment = null, object? data = null)
    {
        var client = await server.As(user);
        var task = (await Json(await client.GetAsync("/api/workflows/tasks"))).EnumerateArray()
            .Single(t => t.GetProperty("context").TryGetProperty("caseId", out var c) && c.GetString() == caseId.ToString());
        return await client.PostAsJsonAsync($"/api/workflows/tasks/{task.GetProperty("id").GetString()}/complete", new { outcome, comment, data });
    }

    private async Task<List<string>> AlertsAsync(string user) =>
        (await Json(await (await server.As(user)).GetAsync("/api/alerts"))).EnumerateArray().Select(a => a.GetProperty("textZh").GetString()!).ToList();

    /// <summary>Runs the daily follow-up as its Hangfire job does; returns how many times it took up this case (0 or 1).</summary>
    private async Task<long> FollowUpAsync(Guid id)
    {
        var sql = $"SELECT count(*) FROM adm_violation_events WHERE \"CaseId\" = '{id}' AND \"Kind\" IN ('handed-over', 'duty-unrostered')";
        var before = await server.Database.ScalarAsync<long>(sql);
        await using var scope = server.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ViolationFollowUp>().RunAsync(CancellationToken.None);
        return await server.Database.ScalarAsync<long>(sql) - before;
    }
}

/// <summary>
/// Accountability tests move their own clock, so they get a server of their own. Every move signs everyone in again
/// (cookies expire by that clock), far more often than people do: the login throttle is raised accordingly.
/// </summary>
public sealed class AccountabilityFixture : AdmissionFixture
{
    protected override Dictionary<string, string?> ServerSettings => new()
    {
        ["TaskRouting:Jobs:RunServer"] = "false",
        ["TaskRouting:Security:LoginAttemptsPerWindow"] = "1000",
    };
}

[CollectionDefinition(Name)]
public sealed class AccountabilityCollection : ICollectionFixture<AccountabilityFixture>
{
    public const string Name = "accountability";
}
