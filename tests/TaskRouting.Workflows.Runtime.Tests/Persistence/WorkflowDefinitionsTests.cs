using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Workflows.Runtime.Persistence;
using static TaskRouting.Workflows.Runtime.Tests.FlowBuilder;

namespace TaskRouting.Workflows.Runtime.Tests.Persistence;

public sealed class WorkflowDefinitionsTests : IDisposable
{
    private readonly RuntimeTestDb _db = new();

    public void Dispose() => _db.Dispose();

    internal static string Valid(string value = "v1") => new FlowBuilder()
        .Activity("start", "Elsa.Start")
        .Activity("set", "Elsa.SetVariable", Literal("variable", "version"), Literal("value", value))
        .Connect("start", "Done", "set")
        .ToJson();

    private Task<DefinitionSaveResult> SaveAsync(string? id, string json, bool publish) =>
        _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowDefinitions>().SaveAsync("D1", id, "准入流程", null, json, publish, "designer", null, CancellationToken.None));

    private Task<List<WorkflowDefinitionRecord>> VersionsAsync(string id) =>
        _db.InScopeAsync(sp => sp.GetRequiredService<DbContext>().Set<WorkflowDefinitionRecord>().AsNoTracking()
            .Where(d => d.DefinitionId == id).OrderBy(d => d.Version).ToListAsync());

    [Fact]
    public async Task SaveAsync_LatestIsDraft_UpdatesItInPlace()
    {
        var first = await SaveAsync(null, Valid("a"), publish: false);
        var second = await SaveAsync(first.Record!.DefinitionId, Valid("b"), publish: false);

        var versions = await VersionsAsync(first.Record.DefinitionId);
        Assert.Equal(1, Assert.Single(versions).Version);
        Assert.Contains("\"b\"", versions[0].Json, StringComparison.Ordinal);
        Assert.Equal(first.Record.Id, second.Record!.Id);
    }

    [Fact]
    public async Task SaveAsync_SameDesignAsThePublishedVersion_MakesNoNewVersion()
    {
        static System.Text.Json.Nodes.JsonNode Drawn(double? width)
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(Valid("a"))!;
            var designer = new System.Text.Json.Nodes.JsonObject { ["position"] = new System.Text.Json.Nodes.JsonObject { ["x"] = 10, ["y"] = 20 } };
            if (width is { } w)
            {
                designer["size"] = new System.Text.Json.Nodes.JsonObject { ["width"] = w, ["height"] = 54 };
            }

            json["root"]!["activities"]![0]!["metadata"] = new System.Text.Json.Nodes.JsonObject { ["designer"] = designer };
            return json;
        }

        var v1 = await SaveAsync(null, Drawn(null).ToJsonString(), publish: true);
        // The Studio saves again after publishing; only the measured sizes of the activities differ.
        var again = Drawn(128.3);
        var saved = await SaveAsync(v1.Record!.DefinitionId, again.ToJsonString(), publish: false);

        Assert.True(saved.AlreadyPublished);
        Assert.Equal(1, Assert.Single(await VersionsAsync(v1.Record.DefinitionId)).Version);
    }

    [Fact]
    public async Task SaveAsync_LatestIsPublished_CreatesTheNextVersion()
    {
        var v1 = await SaveAsync(null, Valid("a"), publish: true);
        await SaveAsync(v1.Record!.DefinitionId, Valid("b"), publish: false);

        var versions = await VersionsAsync(v1.Record.DefinitionId);
        Assert.Equal([(1, DefinitionStatus.Published, false), (2, DefinitionStatus.Draft, true)], versions.Select(v => (v.Version, v.Status, v.IsLatest)));
    }

    [Fact]
    public async Task PublishAsync_NewVersion_SupersedesThePreviousOne()
    {
        var v1 = await SaveAsync(null, Valid("a"), publish: true);
        await SaveAsync(v1.Record!.DefinitionId, Valid("b"), publish: true);

        var versions = await VersionsAsync(v1.Record.DefinitionId);
        Assert.Equal([DefinitionStatus.Superseded, DefinitionStatus.Published], versions.Select(v => v.Status));
    }

    [Fact]
    public async Task SaveAsync_PublishingAnInvalidDefinition_WritesNothingAndNamesTheErrors()
    {
        var invalid = new FlowBuilder().Activity("check", "Elsa.Decision").ToJson();

        var result = await SaveAsync(null, invalid, publish: true);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Path == "activities[0].condition");
        Assert.Equal(0, await _db.InScopeAsync(sp => sp.GetRequiredService<DbContext>().Set<WorkflowDefinitionRecord>().CountAsync()));
    }

    [Fact]
    public async Task SaveAsync_DraftMayBeIncomplete()
    {
        // Auto-save sends half-built flowcharts; only publishing demands a valid one.
        var result = await SaveAsync(null, new FlowBuilder().Activity("check", "Elsa.Decision").ToJson(), publish: false);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task RetractAsync_Published_StopsNewInstances()
    {
        var v1 = await SaveAsync(null, Valid(), publish: true);
        await _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowDefinitions>().RetractAsync("D1", v1.Record!.DefinitionId, null, CancellationToken.None));

        var start = await _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowInstances>()
            .StartAsync("D1", v1.Record!.DefinitionId, null, null, "tester", null, CancellationToken.None));

        Assert.Equal(InstanceOutcome.NotPublished, start.Outcome);
    }

    [Fact]
    public async Task StartAsync_AnotherTenantsDefinition_IsNotFound()
    {
        var v1 = await SaveAsync(null, Valid(), publish: true);

        var start = await _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowInstances>()
            .StartAsync("D2", v1.Record!.DefinitionId, null, null, "tester", null, CancellationToken.None));
        var latest = await _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowDefinitions>().FindLatestAsync("D2", v1.Record!.DefinitionId, CancellationToken.None));

        Assert.Equal(InstanceOutcome.NotPublished, start.Outcome);
        Assert.Null(latest);
    }
}
