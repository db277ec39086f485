using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRouting.Contracts.Voting;
using TaskRouting.Server.IntegrationTests.Admission;

namespace TaskRouting.Server.IntegrationTests.Streets;

/// <summary>Operators' view of the bus on the real RabbitMQ: queue depths, outboxes, dead letters and their replay.</summary>
[Collection(AdmissionCollection.Name)]
public sealed class OperationsTests(AdmissionFixture server)
{
    private static Task<JsonElement> Json(HttpResponseMessage response) => AdmissionFixture.Json(response);

    [Fact]
    public async Task PoisonMessage_BecomesADeadLetter_OperatorSeesAndReplaysIt_Audited_OthersRefused()
    {
        var operatorClient = await server.As("operator");
        var status = await Json(await operatorClient.GetAsync("/api/operations/messaging"));
        Assert.Equal("RabbitMq", status.GetProperty("transport").GetString());
        var votes = status.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("name").GetString() == "central-votes");
        Assert.True(votes.GetProperty("consumers").GetInt64() >= 1);
        Assert.Contains(status.GetProperty("queues").EnumerateArray(), q => q.GetProperty("name").GetString() == "street-gateway" && q.GetProperty("messages").ValueKind == JsonValueKind.Number);
        Assert.Equal(new[] { "central", "streets" }, status.GetProperty("sides").EnumerateArray().Select(s => s.GetProperty("side").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("dept")).GetAsync("/api/operations/messaging")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("c-DX01001")).GetAsync("/api/operations/dead-letters/streets")).StatusCode);

        // A vote request the gateway cannot store (its title is longer than the column): retried, then a dead letter.
        var poison = new RequestVote
        {
            VoteRequestId = Guid.NewGuid(), ApplicationId = Guid.NewGuid(), District = "DX", Street = "DX03", VoterCode = "DX03", Department = AdmissionFixture.Department,
            Title = new string('长', 300), Description = "毒消息 / poison message", WorkloadHoursPerMonth = 1, FundingPerCommunity = 0, BurdenFlagged = false,
            Deadline = server.Time.GetUtcNow().AddDays(5), RequestedAt = server.Time.GetUtcNow(),
        };
        var messageId = Guid.NewGuid();
        await server.PublishAsync(poison, messageId);
        JsonElement letter = default;
        await AdmissionFixture.EventuallyAsync(async () =>
        {
            letter = (await Json(await operatorClient.GetAsync("/api/operations/dead-letters/streets"))).EnumerateArray()
                .FirstOrDefault(d => d.GetProperty("messageId").GetString() == messageId.ToString());
            return letter.ValueKind == JsonValueKind.Object;
        }, "the dead letter (after the retries)");
        Assert.Equal("street-gateway", letter.GetProperty("queue").GetString());
        Assert.Equal("TaskRouting.Contracts.Voting.RequestVote", letter.GetProperty("messageType").GetString());
        var waiting = (await Json(await operatorClient.GetAsync("/api/operations/messaging"))).GetProperty("sides").EnumerateArray()
            .Single(s => s.GetProperty("side").GetString() == "streets").GetProperty("deadLetters").GetProperty("street-gateway").GetInt32();
        Assert.True(waiting >= 1);

        // Replay: sent back with the same message id, marked, audited; a second replay is a conflict.
        var id = letter.GetProperty("id").GetString();
        var replayed = await Json(await operatorClient.PostAsync($"/api/operations/dead-letters/streets/{id}/replay", null));
        Assert.Equal("operator", replayed.GetProperty("replayedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await operatorClient.PostAsync($"/api/operations/dead-letters/streets/{id}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.PostAsync($"/api/operations/dead-letters/streets/{Guid.NewGuid()}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await operatorClient.GetAsync("/api/operations/dead-letters/elsewhere")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await operatorClient.GetAsync("/api/operations/dead-letters/central?take=0")).StatusCode);
        Assert.Equal(1, await server.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_entries WHERE \"Action\" = 'dead-letter.replayed' AND \"EntityId\" = '{id}'"));

        // The replayed copy fails again and comes back as a new dead letter with the same message id: nothing is lost.
        await AdmissionFixture.EventuallyAsync(async () => await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM gw_dead_letters WHERE \"MessageId\" = '{messageId}'") == 2, "the replayed message to come back");
    }
}
