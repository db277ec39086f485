using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Workflows.Runtime;
using TaskRouting.Workflows.Runtime.Definitions;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Tests;

/// <summary>The shipped workflows are publishable as shipped and run on the runtime the way their diagrams read.</summary>
public sealed class ShippedWorkflowsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddWorkflowRuntime().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private static FlowchartDefinition Read(string key)
    {
        var (definition, errors) = ElsaJsonReader.Read(ShippedWorkflows.Get(key).Json);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        return definition!;
    }

    [Fact]
    public void All_ShipTheLifecycleAndTheEmergencyTrack()
    {
        Assert.Equal([ShippedWorkflows.Admission, ShippedWorkflows.Emergency], ShippedWorkflows.All.Select(w => w.Key).Order(StringComparer.Ordinal));
        Assert.Equal("370299-admission", ShippedWorkflows.Get(ShippedWorkflows.Admission).DefinitionIdFor("370299"));
    }

    [Theory]
    [InlineData(ShippedWorkflows.Admission)]
    [InlineData(ShippedWorkflows.Emergency)]
    public void Shipped_PassesPublishValidation_AndEveryActivityHasADesignerPosition(string key)
    {
        Assert.Empty(_services.GetRequiredService<DefinitionValidator>().Validate(Read(key)));
        var activities = JsonNode.Parse(ShippedWorkflows.Get(key).Json)!["root"]!["activities"]!.AsArray();
        Assert.All(activities, a => Assert.NotNull(a!["metadata"]?["designer"]?["position"]?["x"]));
    }

    [Theory]
    [InlineData(7, "admitted")]
    [InlineData(5, "returned")]
    public async Task Admission_VoteAtTheSixtyPercentLine_DecidesThePath(int approvals, string result)
    {
        var definition = Read(ShippedWorkflows.Admission);
        var engine = _services.GetRequiredService<WorkflowEngine>();
        var burst = await engine.StartAsync(definition,
            WorkflowEngine.NewInstance("i1", "370299-admission", 1, definition, new JsonObject { ["district"] = "370299" }, null), "department", CancellationToken.None);

        async Task Step(string activityId, JsonObject? payload)
        {
            var bookmark = Assert.Single(burst.State.Bookmarks, b => b.ActivityId == activityId);
            burst = await engine.ResumeAsync(definition, burst.State, bookmark.Id, payload, "tester", CancellationToken.None);
            Assert.Empty(burst.State.Incidents);
        }

        await Step("screening", new JsonObject { ["outcome"] = "Queue" });
        await Step("window", null);
        await Step("review", new JsonObject { ["outcome"] = "SendToVote" });
        // 10 eligible voters: 6 approvals are exactly 60%.
        await Step("vote", new JsonObject { ["approvals"] = approvals, ["eligible"] = 10 });
        if (result == "admitted")
        {
            await Step("committee", new JsonObject { ["outcome"] = "Approve" });
            await Step("funding", new JsonObject { ["outcome"] = "Confirmed" });
            await Step("dispatch", null);
            await Step("inspection", new JsonObject { ["outcome"] = "Passed" });
        }

        Assert.Equal(WorkflowStatus.Finished, burst.State.Status);
        Assert.Equal(result, burst.State.Variables["result"]!.GetValue<string>());
    }
}
