using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Admission;

/// <summary>
/// The inspection office's actions on alerts, on PostgreSQL: an urgent item whose funding is not confirmed escalates to
/// the supervisor, who extends its lapse deadline (the workflow's timer moves; refused without a reason or with an
/// earlier time), reminds the department again and reassigns the alert to another supervisor. Scoped to the district;
/// every change audited. Its own server and clock (February–March 2026).
/// </summary>
[Collection(SupervisorAlertsCollection.Name)]
public sealed class SupervisorAlertActionsTests(AdmissionFixture server)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static Task<JsonElement> Json(HttpResponseMessage response) => AdmissionFixture.Json(response);

    private async Task<List<JsonElement>> AlertsAsync(string user, Guid application) =>
        (await Json(await (await server.As(user)).GetAsync("/api/alerts"))).EnumerateArray()
            .Where(a => a.TryGetProperty("applicationId", out var id) && id.ValueKind == JsonValueKind.String && id.GetGuid() == application).ToList();

    private Task<long> AuditedAsync(string action, Guid alert) =>
        server.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_entries WHERE \"Action\" = '{action}' AND \"EntityId\" = '{alert}'");

    /// <summary>The earliest timer of the application's workflow instance.</summary>
    private async Task<DateTimeOffset> TimerAsync(Guid application) =>
        new(await server.Database.ScalarAsync<DateTime>(
            $"SELECT min(b.\"DueAt\") FROM workflow_bookmarks b JOIN workflow_instances i ON i.\"Id\" = b.\"InstanceId\" WHERE i.\"CorrelationId\" = '{application}' AND b.\"DueAt\" IS NOT NULL"));

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Fact]
    public async Task Supervisor_ExtendsTheLapseDeadline_RemindsTheDepartment_Reassigns_ScopedAndAudited()
    {
        // Another district with its own supervisor, and a second supervisor of DX.
        using (var admin = await server.Factory.LoginAsync(TaskRoutingFactory.AdminUserName, TaskRoutingFactory.AdminPassword))
        {
            using var csv = new StringContent("type,code,name_zh,name_en,district,street\ndistrict,DY,另一区,Other District,,\n", Encoding.UTF8, "text/csv");
            (await admin.PostAsync("/api/organisation/import", csv)).EnsureSuccessStatusCode();
            await ProductionServerFixture.CreateUserAsync(admin, "supervisor-dy", ["supervisor"], "DY");
            await ProductionServerFixture.CreateUserAsync(admin, "supervisor-2", ["supervisor"], AdmissionFixture.District);
        }

        // An urgent item, approved at once; the department never confirms its funding: escalated after 5 working days.
        await server.AdvanceToAsync("2026-02-13T09:00:00");
        var created = await Json(await (await server.As("dept")).PostAsJsonAsync("/api/applications?submit=true",
            AdmissionFixture.Application("寒潮困难群众紧急走访", wholeDistrict: false, communities: ["DX01001", "DX02001"], urgent: true, neededBy: "2026-02-26")));
        var id = created.GetProperty("id").GetGuid();
        (await server.CompleteTaskAsync("office", id, "Approve")).EnsureSuccessStatusCode();
        await server.AdvanceToAsync("2026-02-28T00:00:01");
        var alert = (await AlertsAsync("supervisor", id)).Single(a => a.GetProperty("key").GetString()!.StartsWith("funding-overdue:", StringComparison.Ordinal));
        var alertId = alert.GetProperty("id").GetGuid();
        var lapse = new DateTimeOffset(2026, 3, 5, 23, 59, 59, China);

        // The deadline the alert is about: the workflow's lapse timer.
        var supervisor = await server.As("supervisor");
        var deadline = await Json(await supervisor.GetAsync($"/api/alerts/{alertId}/deadline"));
        Assert.Equal(lapse, deadline.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("timer", deadline.GetProperty("kind").GetString());

        // Scope: a department may not act on it; another district's supervisor does not see it.
        var extension = new { dueAt = "2026-03-12T23:59:59+08:00", reason = "春节后部门集中办理,延期一周" };
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("dept")).PostAsJsonAsync($"/api/alerts/{alertId}/extend", extension)).StatusCode);
        var other = await server.As("supervisor-dy");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/alerts/{alertId}/extend", extension)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/alerts/{alertId}/remind", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/alerts/{alertId}/reassign", new { userName = "supervisor-dy" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/alerts/{alertId}/assignees")).StatusCode);

        // Bad input: a reason and a new deadline are required; the new deadline must come after the current one.
        var missing = await ErrorsAsync(await supervisor.PostAsJsonAsync($"/api/alerts/{alertId}/extend", new { }));
        Assert.True(missing.TryGetProperty("reason", out _));
        Assert.True(missing.TryGetProperty("dueAt", out _));
        var earlier = await ErrorsAsync(await supervisor.PostAsJsonAsync($"/api/alerts/{alertId}/extend", new { dueAt = "2026-03-04T12:00:00+08:00", reason = "提前" }));
        Assert.Contains("2026-03-05 23:59", earlier.GetProperty("dueAt")[0].GetString()!, StringComparison.Ordinal);
        var past = await ErrorsAsync(await supervisor.PostAsJsonAsync($"/api/alerts/{alertId}/extend", new { dueAt = "2026-02-20T12:00:00+08:00", reason = "过去" }));
        Assert.True(past.TryGetProperty("dueAt", out _));
        Assert.Equal(0, await AuditedAsync("alert.deadline-extended", alertId));
        Assert.Equal(lapse, await TimerAsync(id));

        // Extended: the timer, the department's task and the shown deadline move together, with one audit entry.
        var extended = await Json(await supervisor.PostAsJsonAsync($"/api/alerts/{alertId}/extend", extension));
        var moved = new DateTimeOffset(2026, 3, 12, 23, 59, 59, China);
        Assert.Equal(lapse, extended.GetProperty("before").GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(moved, extended.GetProperty("after").GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(moved, extended.GetProperty("alert").GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(1, await AuditedAsync("alert.deadline-extended", alertId));
        Assert.Equal(moved, await TimerAsync(id));
        Assert.Equal(moved, (await server.StatusAsync("dept", id)).GetProperty("waitingUntil").GetDateTimeOffset());
        var task = (await Json(await (await server.As("dept")).GetAsync("/api/workflows/tasks"))).EnumerateArray()
            .Single(t => t.GetProperty("context").GetProperty("applicationId").GetString() == id.ToString());
        Assert.Contains("2026-03-12", task.ToString(), StringComparison.Ordinal);
        var reason = await server.Database.ScalarAsync<string>($"SELECT \"After\" FROM audit_entries WHERE \"Action\" = 'alert.deadline-extended' AND \"EntityId\" = '{alertId}'");
        Assert.Contains("延期一周", reason, StringComparison.Ordinal);

        // The old deadline passes and the item stands; the new one lapses it.
        await server.AdvanceToAsync("2026-03-06T00:00:01");
        Assert.Equal("Funding", (await server.StatusAsync("dept", id)).GetProperty("stage").GetString());
        await server.AdvanceToAsync("2026-03-13T00:00:01");
        Assert.Equal("Lapsed", (await server.StatusAsync("dept", id)).GetProperty("stage").GetString());

        // Remind: the escalation is about the department's confirmation, so the department is reminded again.
        supervisor = await server.As("supervisor");
        Assert.Equal("note", (await ErrorsAsync(await supervisor.PostAsJsonAsync($"/api/alerts/{alertId}/remind", new { note = new string('x', 501) })))
            .EnumerateObject().Single().Name);
        var reminders = await Json(await supervisor.PostAsJsonAsync($"/api/alerts/{alertId}/remind", new { note = "请本周内说明情况" }));
        Assert.Equal(("department", AdmissionFixture.Department), (reminders[0].GetProperty("targetRole").GetString(), reminders[0].GetProperty("targetScope").GetString()));
        Assert.Contains(await AlertsAsync("dept", id), a => a.GetProperty("textZh").GetString()!.StartsWith("督查室再次提醒", StringComparison.Ordinal)
            && a.GetProperty("textZh").GetString()!.Contains("请本周内说明情况", StringComparison.Ordinal));
        Assert.Equal(1, await AuditedAsync("alert.reminded", alertId));

        // Reassign: only a supervisor of the district may take a supervisor's alert over.
        var assignees = (await Json(await supervisor.GetAsync($"/api/alerts/{alertId}/assignees"))).EnumerateArray().Select(a => a.GetProperty("userName").GetString()).ToList();
        Assert.Equal(["supervisor", "supervisor-2"], assignees);
        Assert.True((await ErrorsAsync(await supervisor.PostAsJsonAsync($"/api/alerts/{alertId}/reassign", new { }))).TryGetProperty("userName", out _));
        Assert.True((await ErrorsAsync(await supervisor.PostAsJsonAsync($"/api/alerts/{alertId}/reassign", new { userName = "office" }))).TryGetProperty("userName", out _));
        Assert.True((await ErrorsAsync(await supervisor.PostAsJsonAsync($"/api/alerts/{alertId}/reassign", new { userName = "supervisor-dy" }))).TryGetProperty("userName", out _));
        Assert.Equal(0, await AuditedAsync("alert.reassigned", alertId));
        var reassigned = await Json(await supervisor.PostAsJsonAsync($"/api/alerts/{alertId}/reassign", new { userName = "supervisor-2", reason = "由分管督查员跟进" }));
        Assert.Equal(("person", "supervisor-2"), (reassigned.GetProperty("targetRole").GetString(), reassigned.GetProperty("targetScope").GetString()));
        Assert.Equal(1, await AuditedAsync("alert.reassigned", alertId));
        var mine = await AlertsAsync("supervisor-2", id);
        Assert.Contains(mine, a => a.GetProperty("id").GetGuid() == reassigned.GetProperty("id").GetGuid());
        Assert.DoesNotContain(await AlertsAsync("supervisor", id), a => a.GetProperty("id").GetGuid() == alertId);
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsJsonAsync($"/api/alerts/{alertId}/extend", new { dueAt = "2026-04-01T00:00:00+08:00", reason = "再延" })).StatusCode);
        Assert.Equal("supervisor", await server.Database.ScalarAsync<string>($"SELECT \"ResolvedBy\" FROM adm_alerts WHERE \"Id\" = '{alertId}'"));
    }
}

[CollectionDefinition(Name)]
public sealed class SupervisorAlertsCollection : ICollectionFixture<AdmissionFixture>
{
    public const string Name = "admission-supervisor-alerts";
}
