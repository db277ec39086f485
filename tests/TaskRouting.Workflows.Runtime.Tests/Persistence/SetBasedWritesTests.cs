using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Execution;
using TaskRouting.Workflows.Runtime.Persistence;
using static TaskRouting.Workflows.Runtime.Tests.FlowBuilder;

namespace TaskRouting.Workflows.Runtime.Tests.Persistence;

/// <summary>
/// <see cref="ActivityContext.WriteOnCommit"/>: an activity's set-based write runs in the burst's transaction, so it
/// commits with the instance's rows, rolls back with them, is dropped when the activity faults, and runs once when a
/// burst is retried after a conflict. The write here is raw SQL, which the change tracker never sees.
/// </summary>
public sealed class SetBasedWritesTests : IDisposable
{
    private readonly InterleaveCallback _callback = new();
    private readonly RuntimeTestDb _db;

    public SetBasedWritesTests() => _db = new RuntimeTestDb(s => s.AddSingleton(_callback).AddActivity<WriteNote>().AddActivity<Interleave>());

    public void Dispose() => _db.Dispose();

    private async Task<string> PublishAsync(FlowBuilder flow) =>
        (await _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowDefinitions>().SaveAsync("D1", null, "t", null, flow.ToJson(), true, "designer", null, CancellationToken.None)))
        .Record!.DefinitionId;

    private Task<InstanceResult> StartAsync(string id, Action<DbContext, BurstResult>? beforeCommit = null) =>
        _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowInstances>().StartAsync("D1", id, null, null, "t", beforeCommit, CancellationToken.None));

    private Task<InstanceResult> ResumeAsync(string bookmark) =>
        _db.InScopeAsync(sp => sp.GetRequiredService<WorkflowInstances>().ResumeAsync(bookmark, null, "t", null, CancellationToken.None));

    private Task<List<string>> NotesAsync() =>
        _db.InScopeAsync(sp => sp.GetRequiredService<DbContext>().Set<DomainNote>().OrderBy(n => n.Id).Select(n => n.Id).ToListAsync());

    [Fact]
    public async Task Write_CommitsWithTheBurst()
    {
        var id = await PublishAsync(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("write", "Test.WriteNote", Literal("note", "n1"))
            .Activity("wait", "TaskRouting.WaitForEvent", Literal("eventName", "go"))
            .Connect("start", "Done", "write")
            .Connect("write", "Done", "wait"));

        var started = await StartAsync(id);

        Assert.Equal(InstanceOutcome.Applied, started.Outcome);
        Assert.Equal(["n1"], await NotesAsync());
    }

    [Fact]
    public async Task Write_RollsBackWhenTheCommitFails()
    {
        var id = await PublishAsync(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("write", "Test.WriteNote", Literal("note", "bulk"))
            .Connect("start", "Done", "write"));
        await _db.InScopeAsync(async sp => { var db = sp.GetRequiredService<DbContext>(); db.Add(new DomainNote { Id = "taken", Text = "existing" }); return await db.SaveChangesAsync(); });

        // The caller's tracked change collides after the set-based write ran: nothing of the burst may remain.
        await Assert.ThrowsAsync<DbUpdateException>(() => StartAsync(id, (db, _) => db.Add(new DomainNote { Id = "taken", Text = "duplicate" })));

        Assert.Equal(["taken"], await NotesAsync());
        Assert.Equal(0, await _db.InScopeAsync(sp => sp.GetRequiredService<DbContext>().Set<WorkflowInstanceRecord>().CountAsync()));
    }

    [Fact]
    public async Task Write_OfAFaultedActivity_IsDropped()
    {
        var id = await PublishAsync(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("write", "Test.WriteNote", Literal("note", "n1"), Literal("fault", "true"))
            .Connect("start", "Done", "write"));

        var started = await StartAsync(id);

        Assert.Equal(WorkflowStatus.Faulted, started.Instance!.Status);
        Assert.Empty(await NotesAsync());
    }

    [Fact]
    public async Task Write_InABurstRetriedAfterAConflict_RunsOnce()
    {
        var id = await PublishAsync(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", Literal("branches", "A,B"))
            .Activity("waitA", "TaskRouting.WaitForEvent", Literal("eventName", "a"))
            .Activity("waitB", "TaskRouting.WaitForEvent", Literal("eventName", "b"))
            .Activity("write", "Test.WriteNote", Literal("note", "after-a"))
            .Activity("hook", "Test.Interleave")
            .Connect("start", "Done", "fork")
            .Connect("fork", "A", "waitA")
            .Connect("fork", "B", "waitB")
            .Connect("waitA", "Done", "write")
            .Connect("write", "Done", "hook"));
        var started = await StartAsync(id);
        var a = started.Burst!.AddedBookmarks.Single(b => b.Stimulus == "a").Id;
        var b = started.Burst!.AddedBookmarks.Single(b => b.Stimulus == "b").Id;

        // While A's burst (which asks for the write) is computed, B's burst commits first: A's first attempt fails
        // on the revision and is retried from fresh state, asking for the write again.
        _callback.Next = async () => Assert.Equal(InstanceOutcome.Applied, (await ResumeAsync(b)).Outcome);
        var result = await ResumeAsync(a);

        Assert.Equal(InstanceOutcome.Applied, result.Outcome);
        Assert.Equal(["after-a"], await NotesAsync());
    }

    /// <summary>Asks for a raw-SQL insert of a note at commit; optionally faults afterwards.</summary>
    [Activity("Test.WriteNote", CategoryZh = "测试", CategoryEn = "Test", DisplayNameZh = "写入", DisplayNameEn = "Write", DescriptionZh = "测试用", DescriptionEn = "For tests")]
    [Input("note", typeof(string), DisplayNameZh = "备注", DisplayNameEn = "Note")]
    [Input("fault", typeof(string), DisplayNameZh = "故障", DisplayNameEn = "Fault")]
    [Outcome("Done")]
    private sealed class WriteNote : WorkflowActivity
    {
        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
        {
            var note = context.GetRequired<string>("note");
            context.WriteOnCommit((db, ct) => db.Database.ExecuteSqlAsync($"INSERT INTO notes (\"Id\", \"Text\") VALUES ({note}, 'set-based')", ct));
            return context.Get<string>("fault") == "true"
                ? throw new ActivityFaultException("asked to fault")
                : ValueTask.FromResult(ActivityResult.Done());
        }
    }

    [Activity("Test.Interleave", CategoryZh = "测试", CategoryEn = "Test", DisplayNameZh = "插入", DisplayNameEn = "Interleave", DescriptionZh = "测试用", DescriptionEn = "For tests")]
    [Outcome("Done")]
    private sealed class Interleave(InterleaveCallback callback) : WorkflowActivity
    {
        public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
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
}
