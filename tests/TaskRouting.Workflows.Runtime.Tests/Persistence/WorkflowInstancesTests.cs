using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Workflows.Runtime.Execution;
using TaskRouting.Workflows.Runtime;
using TaskRouting.Workflows.Runtime.Persistence;
using static TaskRouting.Workflows.Runtime.Tests.FlowBuilder;

namespace TaskRouting.Workflows.Runtime.Tests.Persistence;

public sealed class WorkflowInstancesTests : IDisposable
{
    private readonly RuntimeTestDb _db = new();

    public void Dispose() => _db.Dispose();

    private async Task<string> PublishAsync(string json, string? definitionId = null)
    {
        var result = await _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowDefinitions>()
            .SaveAsync("D1", definitionId, "test", null, json, publish: true, "designer", null, CancellationToken.None));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Record!.DefinitionId;
    }

    private Task<InstanceResult> StartAsync(string definitionId, JsonObject? input = null, Action<DbContext, BurstResult>? beforeCommit = null) =>
        _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowInstances>().StartAsync("D1", definitionId, input, "corr", "tester", beforeCommit, CancellationToken.None));

    private Task<InstanceResult> ResumeAsync(string bookmarkId, JsonNode? payload = null, Action<DbContext, BurstResult>? beforeCommit = null) =>
        _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowInstances>().ResumeAsync(bookmarkId, payload, "tester", beforeCommit, CancellationToken.None));

    private Task<T> QueryAsync<T>(Func<DbContext, Task<T>> query) => _db.InScopeAsync(sp => query(sp.GetRequiredService<DbContext>()));

    private static string WaitTwice() => new FlowBuilder()
        .Activity("start", "Elsa.Start")
        .Activity("fork", "Elsa.FlowFork", Literal("branches", "A,B"))
        .Activity("waitA", "TaskRouting.WaitForEvent", Literal("eventName", "a"))
        .Activity("waitB", "TaskRouting.WaitForEvent", Literal("eventName", "b"))
        .Activity("join", "Elsa.FlowJoin")
        .Connect("start", "Done", "fork")
        .Connect("fork", "A", "waitA")
        .Connect("fork", "B", "waitB")
        .Connect("waitA", "Done", "join")
        .Connect("waitB", "Done", "join")
        .ToJson();

    [Fact]
    public async Task StartAsync_Suspending_PersistsStateBookmarksAndJournalTogether()
    {
        var id = await PublishAsync(WaitTwice());

        var started = await StartAsync(id);

        var instanceId = started.Instance!.Id;
        var row = await QueryAsync(db => db.Set<WorkflowInstanceRecord>().AsNoTracking().SingleAsync(i => i.Id == instanceId));
        Assert.Equal(WorkflowStatus.Suspended, row.Status);
        Assert.Equal(2, await QueryAsync(db => db.Set<BookmarkRecord>().CountAsync(b => b.InstanceId == instanceId)));
        Assert.Equal(started.Burst!.Journal, JournalRecords.Entries(await QueryAsync(db => db.Set<JournalRecord>().Where(j => j.InstanceId == instanceId).ToListAsync())));
        Assert.Equal(2, StateSerializer.Deserialize(row.StateJson).Bookmarks.Count);
    }

    [Fact]
    public async Task ResumeAsync_SameBookmarkTwice_AppliesOnce()
    {
        var id = await PublishAsync(WaitTwice());
        var started = await StartAsync(id);
        var bookmark = started.Burst!.AddedBookmarks.Single(b => b.Stimulus == "a").Id;

        var first = await ResumeAsync(bookmark);
        var second = await ResumeAsync(bookmark);

        Assert.Equal(InstanceOutcome.Applied, first.Outcome);
        Assert.Equal(InstanceOutcome.NotApplicable, second.Outcome);
        Assert.Equal(1, await QueryAsync(db => db.Set<BookmarkRecord>().CountAsync()));
    }

    [Fact]
    public async Task TriggerAsync_NamedStimulusWithKey_ResumesOnlyMatchingInstances()
    {
        var id = await PublishAsync(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("wait", "TaskRouting.WaitForEvent", Literal("eventName", "VoteCast"), Js("correlationKey", "input.street"), Literal("resultVariable", "vote"))
            .Connect("start", "Done", "wait")
            .ToJson());
        var s1 = await StartAsync(id, new JsonObject { ["street"] = "S1" });
        var s2 = await StartAsync(id, new JsonObject { ["street"] = "S2" });

        var results = await _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowInstances>()
            .TriggerAsync("D1", "VoteCast", "S2", new JsonObject { ["choice"] = "approve" }, "gateway", null, CancellationToken.None));

        Assert.Equal(s2.Instance!.Id, Assert.Single(results).Instance!.Id);
        var statuses = await QueryAsync(db => db.Set<WorkflowInstanceRecord>().AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.Status));
        Assert.Equal(WorkflowStatus.Suspended, statuses[s1.Instance!.Id]);
        Assert.Equal(WorkflowStatus.Finished, statuses[s2.Instance.Id]);
    }

    [Fact]
    public async Task ResumeAsync_FailingCommit_LeavesStateBookmarksAndDomainRowsAsTheyWere()
    {
        var id = await PublishAsync(WaitTwice());
        var started = await StartAsync(id);
        var bookmark = started.Burst!.AddedBookmarks[0].Id;
        var journalBefore = await QueryAsync(db => db.Set<JournalRecord>().CountAsync());

        // The caller's domain change collides with an existing row, so the whole commit fails.
        await QueryAsync(async db => { db.Add(new DomainNote { Id = "n1", Text = "existing" }); return await db.SaveChangesAsync(); });
        await Assert.ThrowsAsync<DbUpdateException>(() =>
            ResumeAsync(bookmark, beforeCommit: (db, _) => db.Add(new DomainNote { Id = "n1", Text = "duplicate" })));

        Assert.Equal(2, await QueryAsync(db => db.Set<BookmarkRecord>().CountAsync()));
        Assert.Equal(journalBefore, await QueryAsync(db => db.Set<JournalRecord>().CountAsync()));
        Assert.Equal(1, await QueryAsync(db => db.Set<DomainNote>().CountAsync()));
        var again = await ResumeAsync(bookmark, beforeCommit: (db, _) => db.Add(new DomainNote { Id = "n2", Text = "with the resume" }));
        Assert.Equal(InstanceOutcome.Applied, again.Outcome);
        Assert.Equal(2, await QueryAsync(db => db.Set<DomainNote>().CountAsync()));
    }

    /// <summary>Runs a test's callback while a burst is computed, i.e. after the instance was read and before it is claimed.</summary>
    [TaskRouting.Workflows.Runtime.Activities.Activity("Test.Interleave", CategoryZh = "测试", CategoryEn = "Test", DisplayNameZh = "插入", DisplayNameEn = "Interleave",
        DescriptionZh = "测试用", DescriptionEn = "For tests")]
    [TaskRouting.Workflows.Runtime.Activities.Outcome("Done")]
    private sealed class Interleave(InterleaveCallback callback) : TaskRouting.Workflows.Runtime.Activities.WorkflowActivity
    {
        public override async ValueTask<ActivityResult> ExecuteAsync(TaskRouting.Workflows.Runtime.Activities.ActivityContext context, CancellationToken cancellationToken)
        {
            if (callback.Next is { } next)
            {
                callback.Next = null;
                await next();
            }

            return ActivityResult.Done();
        }
    }

    private sealed class InterleaveCallback
    {
        public Func<Task>? Next { get; set; }
    }

    [Fact]
    public async Task ResumeAsync_AnotherBurstCommitsMeanwhile_RetriesFromFreshStateAndBothApply()
    {
        var callback = new InterleaveCallback();
        using var db = new RuntimeTestDb(s => s.AddSingleton(callback).AddActivity<Interleave>());
        var id = (await db.InScopeAsync(sp => sp.GetRequiredService<WorkflowDefinitions>().SaveAsync("D1", null, "t", null, new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", Literal("branches", "A,B"))
            .Activity("waitA", "TaskRouting.WaitForEvent", Literal("eventName", "a"))
            .Activity("waitB", "TaskRouting.WaitForEvent", Literal("eventName", "b"))
            .Activity("hook", "Test.Interleave")
            .Activity("join", "Elsa.FlowJoin")
            .Connect("start", "Done", "fork")
            .Connect("fork", "A", "waitA")
            .Connect("fork", "B", "waitB")
            .Connect("waitA", "Done", "hook")
            .Connect("hook", "Done", "join")
            .Connect("waitB", "Done", "join")
            .ToJson(), true, "designer", null, CancellationToken.None))).Record!.DefinitionId;
        var started = await db.InScopeAsync(sp => sp.GetRequiredService<WorkflowInstances>().StartAsync("D1", id, null, null, "t", null, CancellationToken.None));
        var a = started.Burst!.AddedBookmarks.Single(b => b.Stimulus == "a").Id;
        var b = started.Burst!.AddedBookmarks.Single(b => b.Stimulus == "b").Id;
        Task<InstanceResult> Resume(string bookmark) =>
            db.InScopeAsync(sp => sp.GetRequiredService<WorkflowInstances>().ResumeAsync(bookmark, null, "t", null, CancellationToken.None));
        var interleaved = 0;

        // While A's burst is being computed, another node resumes B and commits first.
        callback.Next = async () => { Assert.Equal(InstanceOutcome.Applied, (await Resume(b)).Outcome); interleaved++; };
        var result = await Resume(a);

        Assert.Equal(1, interleaved);
        Assert.Equal(InstanceOutcome.Applied, result.Outcome);
        var row = await db.InScopeAsync(sp => sp.GetRequiredService<DbContext>().Set<WorkflowInstanceRecord>().AsNoTracking().SingleAsync());
        Assert.Equal(WorkflowStatus.Finished, row.Status);
        Assert.Equal(3, row.Revision);
        Assert.Equal(2, JournalRecords.Entries(await db.InScopeAsync(sp => sp.GetRequiredService<DbContext>().Set<JournalRecord>().ToListAsync())).Count(j => j.Event == JournalEvent.Resumed));
        Assert.Equal(0, await db.InScopeAsync(sp => sp.GetRequiredService<DbContext>().Set<BookmarkRecord>().CountAsync()));
    }

    [Fact]
    public async Task FireDueTimersAsync_FiresOnlyDueTimersOnce()
    {
        var id = await PublishAsync(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("wait", "Elsa.Delay", Literal("timeSpan", "01:00:00"))
            .Activity("done", "Elsa.SetVariable", Literal("variable", "fired"), Literal("value", "yes"))
            .Connect("start", "Done", "wait")
            .Connect("wait", "Done", "done")
            .ToJson());
        var started = await StartAsync(id);
        Task<int> SweepAsync() => _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowInstances>().FireDueTimersAsync(100, CancellationToken.None));

        Assert.Equal(0, await SweepAsync());
        _db.Runtime.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await SweepAsync());
        _db.Runtime.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(0, await SweepAsync());

        var row = await QueryAsync(db => db.Set<WorkflowInstanceRecord>().AsNoTracking().SingleAsync(i => i.Id == started.Instance!.Id));
        Assert.Equal(WorkflowStatus.Finished, row.Status);
        Assert.Contains(JournalRecords.Entries(await QueryAsync(db => db.Set<JournalRecord>().Where(j => j.InstanceId == row.Id).ToListAsync())),
            j => j.Event == JournalEvent.Resumed && j.Actor == WorkflowEngine.SystemActor);
    }

    [Fact]
    public async Task ResumeAsync_AfterANewVersionIsPublished_RunsOnTheVersionItStartedWith()
    {
        static string Flow(string value) => new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("wait", "TaskRouting.WaitForEvent", Literal("eventName", "go"))
            .Activity("set", "Elsa.SetVariable", Literal("variable", "ranOn"), Literal("value", value))
            .Connect("start", "Done", "wait")
            .Connect("wait", "Done", "set")
            .ToJson();
        var id = await PublishAsync(Flow("v1"));
        var old = await StartAsync(id);
        await PublishAsync(Flow("v2"), id);
        var fresh = await StartAsync(id);

        await ResumeAsync(old.Burst!.AddedBookmarks[0].Id);
        await ResumeAsync(fresh.Burst!.AddedBookmarks[0].Id);

        var rows = await QueryAsync(db => db.Set<WorkflowInstanceRecord>().AsNoTracking().ToDictionaryAsync(i => i.Id));
        Assert.Equal(1, rows[old.Instance!.Id].DefinitionVersion);
        Assert.Equal("v1", StateSerializer.Deserialize(rows[old.Instance.Id].StateJson).Variables["ranOn"]!.GetValue<string>());
        Assert.Equal("v2", StateSerializer.Deserialize(rows[fresh.Instance!.Id].StateJson).Variables["ranOn"]!.GetValue<string>());
    }

    [Fact]
    public async Task MigrateAsync_DryRunThenApply_MovesOnlyInstancesWhoseWaitingActivityExists()
    {
        static string Flow(string waitId, string value) => new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity(waitId, "TaskRouting.WaitForEvent", Literal("eventName", "go"))
            .Activity("set", "Elsa.SetVariable", Literal("variable", "ranOn"), Literal("value", value))
            .Connect("start", "Done", waitId)
            .Connect(waitId, "Done", "set")
            .ToJson();
        var id = await PublishAsync(Flow("wait", "v1"));
        var one = await StartAsync(id);
        var two = await StartAsync(id);
        await PublishAsync(Flow("wait", "v2"), id);
        await PublishAsync(Flow("renamed", "v3"), id);
        Task<MigrationReport> MigrateAsync(int to, bool dryRun) => _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowInstances>()
            .MigrateAsync("D1", id, 1, to, dryRun, "operator", null, CancellationToken.None));

        var toV3 = await MigrateAsync(3, dryRun: true);
        Assert.Empty(toV3.Moved);
        Assert.All(toV3.Blocked, b => Assert.Contains("no activity wait", string.Join(" ", b.Reasons), StringComparison.Ordinal));
        var dry = await MigrateAsync(2, dryRun: true);
        Assert.Equal(2, dry.Moved.Count);
        Assert.Equal(2, await QueryAsync(db => db.Set<WorkflowInstanceRecord>().CountAsync(i => i.DefinitionVersion == 1)));

        var applied = await MigrateAsync(2, dryRun: false);
        Assert.Equal(new[] { one.Instance!.Id, two.Instance!.Id }.Order(StringComparer.Ordinal), applied.Moved.Order(StringComparer.Ordinal));
        await ResumeAsync(one.Burst!.AddedBookmarks[0].Id);

        var row = await QueryAsync(db => db.Set<WorkflowInstanceRecord>().AsNoTracking().SingleAsync(i => i.Id == one.Instance!.Id));
        Assert.Equal(2, row.DefinitionVersion);
        Assert.Equal("v2", StateSerializer.Deserialize(row.StateJson).Variables["ranOn"]!.GetValue<string>());
        Assert.Contains(JournalRecords.Entries(await QueryAsync(db => db.Set<JournalRecord>().Where(j => j.InstanceId == row.Id).ToListAsync())),
            j => j.Event == JournalEvent.Migrated && j.Message == "v1 → v2");
    }
}
