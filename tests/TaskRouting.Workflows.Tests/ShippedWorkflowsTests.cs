using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Activities;
using TaskRouting.Workflows.Runtime;
using TaskRouting.Workflows.Runtime.Definitions;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Tests;

/// <summary>The shipped workflows are publishable as shipped and run on the runtime the way their diagrams read.</summary>
public sealed class ShippedWorkflowsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddWorkflowRuntime().AddAdmission().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private static FlowchartDefinition Read(string key)
    {
        var (definition, errors) = ElsaJsonReader.Read(ShippedWorkflows.Get(key).Json);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        return definition!;
    }

    [Fact]
    public void All_ShipTheLifecycleTheEmergencyTrackAndTheViolationReport()
    {
        Assert.Equal([ShippedWorkflows.Admission, ShippedWorkflows.Emergency, ShippedWorkflows.Violation], ShippedWorkflows.All.Select(w => w.Key).Order(StringComparer.Ordinal));
        Assert.Equal("370299-admission", ShippedWorkflows.Get(ShippedWorkflows.Admission).DefinitionIdFor("370299"));
    }

    [Theory]
    [InlineData(ShippedWorkflows.Admission)]
    [InlineData(ShippedWorkflows.Emergency)]
    [InlineData(ShippedWorkflows.Violation)]
    public void Shipped_PassesPublishValidation_AndEveryActivityHasADesignerPosition(string key)
    {
        Assert.Empty(_services.GetRequiredService<DefinitionValidator>().Validate(Read(key)));
        var activities = JsonNode.Parse(ShippedWorkflows.Get(key).Json)!["root"]!["activities"]!.AsArray();
        Assert.All(activities, a => Assert.NotNull(a!["metadata"]?["designer"]?["position"]?["x"]));
    }

    [Theory]
    [InlineData(ShippedWorkflows.Admission)]
    [InlineData(ShippedWorkflows.Emergency)]
    public void Shipped_UsesTheAdmissionActivities_AndEndsEveryPathInAFinalStage(string key)
    {
        var definition = Read(key);
        Assert.Contains(definition.Activities, a => a.Type == "TaskRouting.Admission.Dispatch");
        Assert.Contains(definition.Activities, a => a.Type == "TaskRouting.Admission.Admit");
        // Every close activity leads to the end, and nothing but a close or the start's successors is left dangling.
        Assert.All(definition.Activities.Where(a => a.Type == "TaskRouting.Admission.Close"),
            a => Assert.Contains(definition.Connections, c => c.Source == a.Id && c.Target == "end"));
    }

    [Fact]
    public void Violation_EveryOutcomeIsConnected_AndANotCorrectedVerificationLoopsBack()
    {
        var definition = Read(ShippedWorkflows.Violation);
        (string Type, string Port)[] outcomes =
        [
            ("TaskRouting.Accountability.Triage", "Accept"), ("TaskRouting.Accountability.Triage", "Dismiss"),
            ("TaskRouting.Accountability.Answer", "Done"), ("TaskRouting.Accountability.Finding", "Confirmed"), ("TaskRouting.Accountability.Finding", "Unfounded"),
            ("TaskRouting.Accountability.ReportCorrection", "Done"), ("TaskRouting.Accountability.VerifyCorrection", "Verified"),
            ("TaskRouting.Accountability.VerifyCorrection", "NotCorrected"), ("TaskRouting.Accountability.Close", "Done"),
        ];
        foreach (var (type, port) in outcomes)
        {
            var activity = definition.Activities.Single(a => a.Type == type);
            Assert.Contains(definition.Connections, c => c.Source == activity.Id && c.SourcePort == port);
        }

        var verify = definition.Activities.Single(a => a.Type == "TaskRouting.Accountability.VerifyCorrection").Id;
        var report = definition.Activities.Single(a => a.Type == "TaskRouting.Accountability.ReportCorrection").Id;
        Assert.Contains(definition.Connections, c => c.Source == verify && c.SourcePort == "NotCorrected" && c.Target == report);
    }

    [Fact]
    public void Admission_EveryScreeningOutcomeIsConnected()
    {
        var definition = Read(ShippedWorkflows.Admission);
        foreach (var outcome in TaskRouting.Activities.Screening.ScreenApplication.Outcomes)
        {
            Assert.Contains(definition.Connections, c => c.Source == "screen" && c.SourcePort == outcome);
        }
    }
}
