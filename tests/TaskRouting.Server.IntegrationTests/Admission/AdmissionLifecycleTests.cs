using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TaskRouting.Server.IntegrationTests.Admission;

/// <summary>End-to-end runs of the shipped admission workflows on PostgreSQL, time moved by FakeTimeProvider.</summary>
[Collection(AdmissionCollection.Name)]
public sealed class AdmissionLifecycleTests(AdmissionFixture server)
{
    private static Task<JsonElement> Json(HttpResponseMessage response) => AdmissionFixture.Json(response);

    private Task<HttpResponseMessage> CompleteAsync(string user, Guid application, string outcome, string? comment = null, object? data = null) =>
        server.CompleteTaskAsync(user, application, outcome, comment, data);

    private Task<JsonElement> StatusAsync(Guid application) => server.StatusAsync("dept", application);

    [Fact]
    public async Task Lifecycle_CrossesTheJanuaryWindow_LateStreet_Committee_Funding_DispatchTo50_InspectionWithCorrection()
    {
        var dept = await server.As("dept");
        var created = await Json(await dept.PostAsJsonAsync("/api/applications?submit=true", AdmissionFixture.Application("入户走访台账")));
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("Screening", created.GetProperty("status").GetProperty("stage").GetString());

        // Screening: the office queues it; it waits for the January window, which opens on Sunday 4 January 2026.
        (await CompleteAsync("office", id, "Queue")).EnsureSuccessStatusCode();
        var queued = await StatusAsync(id);
        Assert.Equal("Queued", queued.GetProperty("stage").GetString());
        Assert.Equal(new DateTimeOffset(2026, 1, 4, 0, 0, 0, TimeSpan.FromHours(8)), queued.GetProperty("waitingUntil").GetDateTimeOffset());

        await server.AdvanceToAsync("2026-01-03T23:00:00");
        Assert.Equal("Queued", (await StatusAsync(id)).GetProperty("stage").GetString());
        await server.AdvanceToAsync("2026-01-04T00:10:00");
        var review = await StatusAsync(id);
        Assert.Equal("Review", review.GetProperty("stage").GetString());
        var window = (await Json(await (await server.As("office")).GetAsync("/api/review-windows"))).EnumerateArray().Single(w => w.GetProperty("id").GetString() == "DX-2026-H1");
        Assert.Equal("2026-01-04", window.GetProperty("opensOn").GetString());

        // Review: sent to the vote of 5 streets and 50 communities; 5 working days from Sunday 4 January: Friday 9 January.
        (await CompleteAsync("office", id, "SendToVote")).EnsureSuccessStatusCode();
        var voting = await StatusAsync(id);
        Assert.Equal("Voting", voting.GetProperty("stage").GetString());
        Assert.Equal(new DateTimeOffset(2026, 1, 9, 23, 59, 59, TimeSpan.FromHours(8)), voting.GetProperty("waitingUntil").GetDateTimeOffset());

        // The vote requests left through the outbox, one per voter, and reached the street gateway's vote inboxes.
        await AdmissionFixture.EventuallyAsync(async () => await server.Database.ScalarAsync<long>(
            """SELECT count(*) FROM msg_outbox WHERE "MessageType" = 'TaskRouting.Contracts.Voting.RequestVote' AND "SentAt" IS NOT NULL""") == 55, "55 vote requests sent");
        await AdmissionFixture.EventuallyAsync(async () => await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM gw_ballots WHERE \"ApplicationId\" = '{id}'") == 55, "55 vote requests in the gateway");

        // Everyone votes in the gateway but street DX05; one community changes its vote before the tally.
        foreach (var voter in AdmissionFixture.Streets.Where(s => s != "DX05").Select(s => $"s-{s}").Concat(AdmissionFixture.Communities.Select(c => $"c-{c}")))
        {
            await Json(await server.VoteAsync(voter, id, voter.EndsWith("01001", StringComparison.Ordinal) ? "Reject" : "Approve", "同意"));
        }

        await Json(await server.VoteAsync("c-DX01001", id, "Approve", "改为同意"));
        var badVote = await server.VoteAsync("c-DX01003", id, "Maybe");
        Assert.Equal(HttpStatusCode.BadRequest, badVote.StatusCode);
        Assert.Contains("choice", await badVote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("dept")).GetAsync("/api/street/votes")).StatusCode);

        // The votes travel back as VoteCast: 54 recorded centrally, the changed one as its latest choice.
        await AdmissionFixture.EventuallyAsync(async () => await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM adm_votes WHERE \"ApplicationId\" = '{id}' AND \"Choice\" IS NOT NULL") == 54
            && await server.Database.ScalarAsync<string>($"SELECT \"Choice\" FROM adm_votes WHERE \"ApplicationId\" = '{id}' AND \"VoterCode\" = 'DX01001'") == "Approve",
            "54 votes recorded centrally");
        Assert.Equal("Voting", (await StatusAsync(id)).GetProperty("stage").GetString());

        // Community DX01002 changes its vote in its street subsystem; the VoteCast arrives twice and counts once.
        var requestId = Guid.Parse(await server.Database.ScalarAsync<string>($"SELECT \"RequestId\"::text FROM adm_votes WHERE \"ApplicationId\" = '{id}' AND \"VoterCode\" = 'DX01002'"));
        var cast = new TaskRouting.Contracts.Voting.VoteCast
        {
            VoteRequestId = requestId, ApplicationId = id, District = "DX", VoterCode = "DX01002", Choice = TaskRouting.Contracts.Voting.VoteChoice.Reject,
            Comment = "经复议反对", CastBy = "c-DX01002", CastAt = server.Time.GetUtcNow().AddMinutes(1),
        };
        var messageId = Guid.NewGuid();
        await server.PublishAsync(cast, messageId);
        await server.PublishAsync(cast, messageId);
        await AdmissionFixture.EventuallyAsync(async () => await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM msg_inbox WHERE \"MessageId\" = '{messageId}'") == 1 && await server.Database.ScalarAsync<string>(
            $"SELECT \"Choice\" FROM adm_votes WHERE \"ApplicationId\" = '{id}' AND \"VoterCode\" = 'DX01002'") == "Reject", "the vote over the bus");
        await Task.Delay(500);
        Assert.Equal(1, await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM adm_application_events WHERE \"ApplicationId\" = '{id}' AND \"Kind\" = 'vote-changed' AND \"TextEn\" LIKE 'DX01002%'"));

        // Reminder, then escalation to the street, then to the supervisor, then the deadline tallies.
        await server.AdvanceToAsync("2026-01-07T00:00:01");
        var streetAlerts = await Json(await (await server.As("s-DX05")).GetAsync("/api/alerts"));
        Assert.Contains(streetAlerts.EnumerateArray(), a => a.GetProperty("kind").GetString() == "Reminder");
        await server.AdvanceToAsync("2026-01-08T00:00:01");
        await server.AdvanceToAsync("2026-01-09T00:00:01");
        var supervisorAlerts = await Json(await (await server.As("supervisor")).GetAsync("/api/alerts"));
        Assert.Contains(supervisorAlerts.EnumerateArray(), a => a.GetProperty("textEn").GetString()!.Contains("DX05", StringComparison.Ordinal));
        Assert.Equal("Voting", (await StatusAsync(id)).GetProperty("stage").GetString());

        // Two communities evaluated the department for 2025-H2 (自下而上评议): the committee's task shows its average.
        foreach (var (community, score) in new[] { ("DX04009", 80), ("DX04010", 91) })
        {
            await Json(await (await server.As($"c-{community}")).PostAsJsonAsync("/api/evaluations", new { target = "DX-JY", period = "2025-H2", score }));
        }

        await server.AdvanceToAsync("2026-01-10T00:00:01");
        var committee = await StatusAsync(id);
        Assert.Equal("Committee", committee.GetProperty("stage").GetString());
        var committeeTask = (await Json(await (await server.As("committee")).GetAsync("/api/workflows/tasks"))).EnumerateArray()
            .Single(t => t.GetProperty("context").GetProperty("applicationId").GetString() == id.ToString());
        var departmentScore = committeeTask.GetProperty("context").GetProperty("departmentScore");
        Assert.Equal(("2025-H2", 85.5, 2), (departmentScore.GetProperty("period").GetString(), departmentScore.GetProperty("average").GetDouble(),
            departmentScore.GetProperty("count").GetInt32()));
        Assert.Equal("Passed", committee.GetProperty("decision").GetString());
        Assert.Contains("53 approve, 1 reject", committee.GetProperty("decisionReason").GetString()!, StringComparison.Ordinal);
        // The department hears of each decision in its inbox, each half in its own language.
        var decided = (await Json(await (await server.As("dept")).GetAsync("/api/alerts"))).EnumerateArray()
            .Where(a => a.GetProperty("kind").GetString() == "Decision" && a.GetProperty("applicationId").GetString() == id.ToString()).ToList();
        Assert.Contains(decided, a => a.GetProperty("textEn").GetString()!.Contains("Passed. 53 approve, 1 reject", StringComparison.Ordinal)
            && a.GetProperty("textZh").GetString()!.Contains("赞成 53", StringComparison.Ordinal) && !a.GetProperty("textZh").GetString()!.Contains("approve", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Conflict, (await server.VoteAsync("s-DX05", id, "Approve")).StatusCode);

        // Committee approval: an admission number and the public plan list.
        Assert.Equal(HttpStatusCode.BadRequest, (await CompleteAsync("committee", id, "Reject")).StatusCode);
        (await CompleteAsync("committee", id, "Approve")).EnsureSuccessStatusCode();
        var funding = await StatusAsync(id);
        Assert.Equal("Funding", funding.GetProperty("stage").GetString());
        Assert.Equal("DX-2026-H1-001", funding.GetProperty("admissionNumber").GetString());
        using var anonymous = server.Factory.CreateClient();
        var plan = await Json(await anonymous.GetAsync("/api/public/DX/plan-list?year=2026"));
        Assert.Contains(plan.EnumerateArray(), p => p.GetProperty("number").GetString() == "DX-2026-H1-001" && p.GetProperty("communities").GetInt32() == 50);

        // Funding: the department confirms exactly 50 × 1,000.
        var wrong = await CompleteAsync("dept", id, "Confirm", data: new { total = 49_000 });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("data.total", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        (await CompleteAsync("dept", id, "Confirm", data: new { total = 50_000 })).EnsureSuccessStatusCode();
        Assert.Equal("Dispatch", (await StatusAsync(id)).GetProperty("stage").GetString());

        // Dispatch to 50 communities through the street gateway: each acknowledges and completes in its inbox.
        foreach (var community in AdmissionFixture.Communities.Where(c => c != "DX05010"))
        {
            await Json(await server.AnswerTaskAsync($"c-{community}", id, "acknowledge"));
            await Json(await server.AnswerTaskAsync($"c-{community}", id, "complete", "已完成"));
        }

        Assert.Equal(HttpStatusCode.Conflict, (await server.AnswerTaskAsync("c-DX01001", id, "acknowledge")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.AnswerTaskAsync("c-DX05010", id, "refuse", " ")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.AnswerTaskAsync("c-DX05010", id, "shrug")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.AnswerTaskAsync("s-DX05", id, "acknowledge")).StatusCode);
        await AdmissionFixture.EventuallyAsync(async () => await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM adm_dispatches WHERE \"ApplicationId\" = '{id}' AND \"Status\" = 'Completed'") == 49, "49 completions recorded centrally");
        Assert.Equal("Dispatch", (await StatusAsync(id)).GetProperty("stage").GetString());

        // The last community answers through its subsystem: completion before acknowledgement, each delivered twice.
        var dispatchId = Guid.Parse(await server.Database.ScalarAsync<string>($"SELECT \"DispatchId\"::text FROM adm_dispatches WHERE \"ApplicationId\" = '{id}' AND \"CommunityCode\" = 'DX05010'"));
        var completedId = Guid.NewGuid();
        var acknowledgedId = Guid.NewGuid();
        var completed = new TaskRouting.Contracts.Dispatch.TaskCompleted
        {
            DispatchId = dispatchId, ApplicationId = id, District = "DX", Community = "DX05010", Report = "已完成", CompletedBy = "c-DX05010", CompletedAt = server.Time.GetUtcNow(),
        };
        var acknowledged = new TaskRouting.Contracts.Dispatch.TaskAcknowledged
        {
            DispatchId = dispatchId, ApplicationId = id, District = "DX", Community = "DX05010", AcknowledgedBy = "c-DX05010", AcknowledgedAt = server.Time.GetUtcNow().AddMinutes(-5),
        };
        await server.PublishAsync(completed, completedId);
        await server.PublishAsync(completed, completedId);
        await server.PublishAsync(acknowledged, acknowledgedId);
        await server.PublishAsync(acknowledged, acknowledgedId);
        await AdmissionFixture.EventuallyAsync(async () => (await StatusAsync(id)).GetProperty("stage").GetString() == "Inspection", "the dispatch to settle");
        await AdmissionFixture.EventuallyAsync(async () => await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM msg_inbox WHERE \"MessageId\" IN ('{completedId}', '{acknowledgedId}')") == 2, "both answers consumed");
        Assert.Equal("Completed", await server.Database.ScalarAsync<string>($"SELECT \"Status\" FROM adm_dispatches WHERE \"DispatchId\" = '{dispatchId}'"));
        Assert.Equal(1, await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM adm_application_events WHERE \"ApplicationId\" = '{id}' AND \"TextEn\" = 'Community DX05010 completed: 已完成'"));

        // Inspection with a correction, then the re-inspection passes.
        Assert.Equal(HttpStatusCode.BadRequest, (await CompleteAsync("supervisor", id, "NonCompliant")).StatusCode);
        (await CompleteAsync("supervisor", id, "NonCompliant", "台账填写不完整")).EnsureSuccessStatusCode();
        var correction = await StatusAsync(id);
        Assert.Equal("Correction", correction.GetProperty("stage").GetString());
        (await CompleteAsync("dept", id, "Corrected", "已补全台账")).EnsureSuccessStatusCode();
        (await CompleteAsync("supervisor", id, "Compliant", "复查合格")).EnsureSuccessStatusCode();

        var done = await StatusAsync(id);
        Assert.Equal("Completed", done.GetProperty("stage").GetString());
        var kinds = done.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()).ToList();
        foreach (var kind in new[] { "submitted", "screened", "queued", "window-opened", "reviewed", "vote-requested", "vote-changed", "vote-reminded",
            "vote-escalated-street", "vote-escalated-supervisor", "vote-tallied", "committee-decided", "admitted", "funding-confirmed", "dispatched",
            "dispatch-settled", "inspected", "correction-issued", "corrected", "closed" })
        {
            Assert.Contains(kind, kinds);
        }

        var ledger = await Json(await (await server.As("auditor")).GetAsync($"/api/funding?applicationId={id}"));
        Assert.Equal(50, ledger.GetArrayLength());
        Assert.All(ledger.EnumerateArray(), e => Assert.Equal(1000m, e.GetProperty("confirmed").GetDecimal()));
        var inspections = await Json(await (await server.As("dept")).GetAsync($"/api/applications/{id}/inspections"));
        Assert.Equal(2, inspections.GetProperty("inspections").GetArrayLength());
        Assert.Equal("Completed", (await Json(await anonymous.GetAsync("/api/public/DX/plan-list?year=2026"))).EnumerateArray()
            .Single(p => p.GetProperty("number").GetString() == "DX-2026-H1-001").GetProperty("status").GetString());
    }
}

[CollectionDefinition(Name)]
public sealed class AdmissionCollection : ICollectionFixture<AdmissionFixture>
{
    public const string Name = "admission";
}
