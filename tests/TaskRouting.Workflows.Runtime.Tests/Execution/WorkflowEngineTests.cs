using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Workflows.Runtime.Execution;
using static TaskRouting.Workflows.Runtime.Tests.FlowBuilder;

namespace TaskRouting.Workflows.Runtime.Tests.Execution;

public sealed class WorkflowEngineTests : IDisposable
{
    private readonly TestRuntime _runtime = new();

    public void Dispose() => _runtime.Dispose();

    private static FlowBuilder ForkIntoTwoWaits(string joinMode) => new FlowBuilder()
        .Activity("start", "Elsa.Start")
        .Activity("fork", "Elsa.FlowFork", Literal("branches", "A,B"))
        .Activity("waitA", "TaskRouting.WaitForEvent", Literal("eventName", "a"))
        .Activity("waitB", "TaskRouting.WaitForEvent", Literal("eventName", "b"))
        .Activity("join", "Elsa.FlowJoin", Literal("mode", joinMode))
        .Activity("count", "Elsa.SetVariable", Literal("variable", "joined"), Js("value", "(variables.joined || 0) + 1"))
        .Connect("start", "Done", "fork")
        .Connect("fork", "A", "waitA")
        .Connect("fork", "B", "waitB")
        .Connect("waitA", "Done", "join")
        .Connect("waitB", "Done", "join")
        .Connect("join", "Done", "count");

    private static string BookmarkFor(WorkflowInstanceState state, string stimulus) => state.Bookmarks.Single(b => b.Stimulus == stimulus).Id;

    [Theory]
    [InlineData(150, "high")]
    [InlineData(50, "low")]
    public async Task Start_Decision_TakesThePathOfItsCondition(int amount, string expected)
    {
        var definition = TestRuntime.Read(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("check", "Elsa.Decision", Js("condition", "input.amount > 100"))
            .Activity("high", "Elsa.SetVariable", Literal("variable", "band"), Literal("value", "high"))
            .Activity("low", "Elsa.SetVariable", Literal("variable", "band"), Literal("value", "low"))
            .Connect("start", "Done", "check")
            .Connect("check", "True", "high")
            .Connect("check", "False", "low")
            .ToJson());

        var result = await _runtime.StartAsync(definition, new JsonObject { ["amount"] = amount });

        Assert.Equal(WorkflowStatus.Finished, result.State.Status);
        Assert.Equal(expected, result.State.Variables["band"]!.GetValue<string>());
        Assert.Contains(result.Journal, j => j.ActivityId == "check" && j.Event == JournalEvent.Completed && j.Outcome == (amount > 100 ? "True" : "False"));
    }

    [Fact]
    public async Task FlowFork_BranchesAsAJsonArray_RunsEachBranch()
    {
        var definition = TestRuntime.Read(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", ("branches", "Object", "[\"A\", \"B\"]"))
            .Activity("a", "Elsa.SetVariable", Literal("variable", "a"), Literal("value", "yes"))
            .Activity("b", "Elsa.SetVariable", Literal("variable", "b"), Literal("value", "yes"))
            .Connect("start", "Done", "fork")
            .Connect("fork", "A", "a")
            .Connect("fork", "B", "b")
            .ToJson());

        var result = await _runtime.StartAsync(definition);

        Assert.Equal(WorkflowStatus.Finished, result.State.Status);
        Assert.Equal("yes", result.State.Variables["a"]!.GetValue<string>());
        Assert.Equal("yes", result.State.Variables["b"]!.GetValue<string>());
    }

    [Fact]
    public async Task FlowJoin_WaitAll_ContinuesOnlyAfterEveryBranch()
    {
        var definition = TestRuntime.Read(ForkIntoTwoWaits("WaitAll").ToJson());
        var started = await _runtime.StartAsync(definition);
        Assert.Equal(WorkflowStatus.Suspended, started.State.Status);
        Assert.Equal(2, started.AddedBookmarks.Count);

        var afterA = await _runtime.ResumeAsync(definition, started.State, BookmarkFor(started.State, "a"));
        Assert.Equal(WorkflowStatus.Suspended, afterA.State.Status);
        Assert.False(afterA.State.Variables.ContainsKey("joined"));
        Assert.Contains(afterA.Journal, j => j.ActivityId == "join" && j.Event == JournalEvent.Waiting);

        var afterB = await _runtime.ResumeAsync(definition, afterA.State, BookmarkFor(afterA.State, "b"));
        Assert.Equal(WorkflowStatus.Finished, afterB.State.Status);
        Assert.Equal(1, afterB.State.Variables["joined"]!.GetValue<int>());
    }

    [Fact]
    public async Task FlowJoin_WaitAny_ContinuesOnTheFirstAndAbsorbsTheRest()
    {
        var definition = TestRuntime.Read(ForkIntoTwoWaits("WaitAny").ToJson());
        var started = await _runtime.StartAsync(definition);

        var afterB = await _runtime.ResumeAsync(definition, started.State, BookmarkFor(started.State, "b"));
        Assert.Equal(1, afterB.State.Variables["joined"]!.GetValue<int>());
        Assert.Equal(WorkflowStatus.Suspended, afterB.State.Status);

        var afterA = await _runtime.ResumeAsync(definition, afterB.State, BookmarkFor(afterB.State, "a"));
        Assert.Equal(1, afterA.State.Variables["joined"]!.GetValue<int>());
        Assert.Equal(WorkflowStatus.Finished, afterA.State.Status);
    }

    [Fact]
    public async Task Delay_SuspendsWithADueTimeFromTheInjectedClock()
    {
        var definition = TestRuntime.Read(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("wait", "Elsa.Delay", Literal("timeSpan", "1.00:00:00"))
            .Activity("end", "Elsa.Finish")
            .Connect("start", "Done", "wait")
            .Connect("wait", "Done", "end")
            .ToJson());

        var started = await _runtime.StartAsync(definition);
        var timer = Assert.Single(started.AddedBookmarks);
        Assert.Equal(_runtime.Time.GetUtcNow().AddDays(1), timer.DueAt);
        Assert.Equal("Timer", timer.Stimulus);

        _runtime.Time.Advance(TimeSpan.FromDays(1));
        var fired = await _runtime.ResumeAsync(definition, started.State, timer.Id, actor: "timer");
        Assert.Equal(WorkflowStatus.Finished, fired.State.Status);
        Assert.Equal(timer, Assert.Single(fired.RemovedBookmarks));
        Assert.Contains(fired.Journal, j => j.Event == JournalEvent.Resumed && j.At == _runtime.Time.GetUtcNow());
    }

    [Fact]
    public async Task Resume_SameBookmarkTwice_ResumesOnce()
    {
        var definition = TestRuntime.Read(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("wait", "TaskRouting.WaitForEvent", Literal("eventName", "vote"), Literal("correlationKey", "S1"), Literal("resultVariable", "last"))
            .Activity("count", "Elsa.SetVariable", Literal("variable", "votes"), Js("value", "(variables.votes || 0) + 1"))
            .Connect("start", "Done", "wait")
            .Connect("wait", "Done", "count")
            .Connect("count", "Done", "wait")
            .ToJson());
        var started = await _runtime.StartAsync(definition);
        var first = Assert.Single(started.AddedBookmarks);
        Assert.Equal("S1", first.CorrelationKey);

        var once = await _runtime.ResumeAsync(definition, started.State, first.Id, new JsonObject { ["choice"] = "approve" });
        var twice = await _runtime.ResumeAsync(definition, once.State, first.Id, new JsonObject { ["choice"] = "approve" });

        Assert.True(once.Applied);
        Assert.False(twice.Applied);
        Assert.Equal("bookmark-not-found", twice.Reason);
        Assert.Equal(1, twice.State.Variables["votes"]!.GetValue<int>());
        Assert.Equal("approve", twice.State.Variables["last"]!["choice"]!.GetValue<string>());
        Assert.NotEqual(first.Id, Assert.Single(twice.State.Bookmarks).Id);
    }

    private static FlowBuilder Review(params (string, string, string?)[] extraInputs) => new FlowBuilder()
        .Activity("start", "Elsa.Start")
        .Activity("review", "TaskRouting.HumanTask", [Literal("title", "办公室审核"), Literal("assigneeRole", "office"), Js("assigneeScope", "input.district"),
            Literal("outcomes", "Approve,Reject"), Literal("resultVariable", "review"), .. extraInputs])
        .Activity("approved", "Elsa.SetVariable", Literal("variable", "decision"), Literal("value", "approved"))
        .Activity("rejected", "Elsa.SetVariable", Literal("variable", "decision"), Literal("value", "rejected"))
        .Connect("start", "Done", "review")
        .Connect("review", "Approve", "approved")
        .Connect("review", "Reject", "rejected");

    [Fact]
    public async Task HumanTask_CompletedWithAnOutcome_FollowsThatPortAndRecordsWhoAndWhy()
    {
        var definition = TestRuntime.Read(Review(Literal("dueHours", "24")).ToJson());
        var started = await _runtime.StartAsync(definition, new JsonObject { ["district"] = "370299" });
        var task = Assert.Single(started.AddedBookmarks);
        Assert.Equal("HumanTask", task.Stimulus);
        Assert.Equal("office", task.Payload!["assigneeRole"]!.GetValue<string>());
        Assert.Equal("370299", task.Payload!["assigneeScope"]!.GetValue<string>());
        Assert.Equal(_runtime.Time.GetUtcNow().AddHours(24).ToString("O"), task.Payload!["dueAt"]!.GetValue<string>());

        var done = await _runtime.ResumeAsync(definition, started.State, task.Id, new JsonObject { ["outcome"] = "Reject", ["comment"] = "缺少经费 / no funding" }, "office-a");

        Assert.Equal(WorkflowStatus.Finished, done.State.Status);
        Assert.Equal("rejected", done.State.Variables["decision"]!.GetValue<string>());
        Assert.Equal("office-a", done.State.Variables["review"]!["actor"]!.GetValue<string>());
        Assert.Contains(done.Journal, j => j.ActivityId == "review" && j.Outcome == "Reject" && j.Actor == "office-a");
    }

    [Fact]
    public async Task HumanTask_UnknownOutcome_BecomesAnIncident()
    {
        var definition = TestRuntime.Read(Review().ToJson());
        var started = await _runtime.StartAsync(definition, new JsonObject { ["district"] = "370299" });

        var result = await _runtime.ResumeAsync(definition, started.State, started.AddedBookmarks[0].Id, new JsonObject { ["outcome"] = "Maybe" });

        Assert.Equal(WorkflowStatus.Faulted, result.State.Status);
        Assert.Contains("Maybe", Assert.Single(result.State.Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HumanTask_DueInWorkingDaysWithoutACalendar_BecomesAnIncidentNotAGuess()
    {
        var definition = TestRuntime.Read(Review(Literal("dueWorkingDays", "3")).ToJson());
        var result = await _runtime.StartAsync(definition, new JsonObject { ["district"] = "370299" });
        Assert.Equal(WorkflowStatus.Faulted, result.State.Status);
        Assert.Contains("business calendar", Assert.Single(result.State.Incidents).Message, StringComparison.Ordinal);
    }

    private sealed class EveryDayCalendar : IBusinessCalendar
    {
        public DateTimeOffset AddWorkingDays(DateTimeOffset from, int workingDays, string? scope) =>
            scope == "unknown-year" ? throw new CalendarUnavailableException("2099 has no calendar data") : from.AddDays(workingDays);
    }

    [Fact]
    public async Task HumanTask_DueInWorkingDays_AsksTheHostsCalendar()
    {
        using var runtime = new TestRuntime(s => s.AddSingleton<IBusinessCalendar, EveryDayCalendar>());
        var definition = TestRuntime.Read(Review(Literal("dueWorkingDays", "3")).ToJson());

        var result = await runtime.StartAsync(definition, new JsonObject { ["district"] = "370299" });
        Assert.Equal(runtime.Time.GetUtcNow().AddDays(3).ToString("O"), result.AddedBookmarks[0].Payload!["dueAt"]!.GetValue<string>());

        var missing = await runtime.StartAsync(definition, new JsonObject { ["district"] = "unknown-year" });
        Assert.Contains("2099", Assert.Single(missing.State.Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fault_FailingExpression_IsAnIncidentThatARetryContinuesWithPendingWork()
    {
        var definition = TestRuntime.Read(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", Literal("branches", "A,B"))
            .Activity("check", "Elsa.Decision", Js("condition", "variables.settings.enabled"))
            .Activity("other", "Elsa.SetVariable", Literal("variable", "other"), Literal("value", "ran"))
            .Activity("yes", "Elsa.SetVariable", Literal("variable", "checked"), Literal("value", "yes"))
            .Connect("start", "Done", "fork")
            .Connect("fork", "A", "check")
            .Connect("fork", "B", "other")
            .Connect("check", "True", "yes")
            .ToJson());

        var faulted = await _runtime.StartAsync(definition);
        var incident = Assert.Single(faulted.State.Incidents);
        Assert.Equal(WorkflowStatus.Faulted, faulted.State.Status);
        Assert.Equal("check", incident.ActivityId);
        Assert.Contains("Input condition", incident.Message, StringComparison.Ordinal);
        Assert.Contains(faulted.Journal, j => j.Event == JournalEvent.Faulted && j.ActivityId == "check");
        Assert.False(faulted.State.Variables.ContainsKey("other"));

        // The operator fixes the cause (here: the missing data), then retries.
        faulted.State.Variables["settings"] = new JsonObject { ["enabled"] = true };
        var retried = await _runtime.RetryAsync(definition, faulted.State, incident.Id);

        Assert.Equal(WorkflowStatus.Finished, retried.State.Status);
        Assert.Empty(retried.State.Incidents);
        Assert.Equal("yes", retried.State.Variables["checked"]!.GetValue<string>());
        Assert.Equal("ran", retried.State.Variables["other"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_LoopThatNeverWaits_IsStoppedWithAnIncident()
    {
        using var runtime = new TestRuntime(s => s.Configure<WorkflowEngineOptions>(o => o.MaxStepsPerBurst = 50));
        var definition = TestRuntime.Read(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("inc", "Elsa.SetVariable", Literal("variable", "n"), Js("value", "(variables.n || 0) + 1"))
            .Connect("start", "Done", "inc")
            .Connect("inc", "Done", "inc")
            .ToJson());

        var result = await runtime.StartAsync(definition);

        Assert.Equal(WorkflowStatus.Faulted, result.State.Status);
        Assert.Contains("loop", Assert.Single(result.State.Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finish_WhileAnotherBranchWaits_EndsTheInstanceAndDropsTheBookmark()
    {
        var definition = TestRuntime.Read(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("fork", "Elsa.FlowFork", Literal("branches", "A,B"))
            .Activity("wait", "TaskRouting.WaitForEvent", Literal("eventName", "never"))
            .Activity("end", "Elsa.Finish")
            .Connect("start", "Done", "fork")
            .Connect("fork", "A", "wait")
            .Connect("fork", "B", "end")
            .ToJson());

        var result = await _runtime.StartAsync(definition);

        Assert.Equal(WorkflowStatus.Finished, result.State.Status);
        Assert.Empty(result.State.Bookmarks);
        Assert.Empty(result.AddedBookmarks);
        Assert.Empty(result.RemovedBookmarks);
    }

    [Theory]
    [InlineData(false, WorkflowStatus.Cancelled)]
    [InlineData(true, WorkflowStatus.Terminated)]
    public async Task Stop_SuspendedInstance_RemovesEveryBookmark(bool terminate, WorkflowStatus expected)
    {
        var definition = TestRuntime.Read(ForkIntoTwoWaits("WaitAll").ToJson());
        var started = await _runtime.StartAsync(definition);

        var stopped = _runtime.Stop(started.State, terminate);

        Assert.Equal(expected, stopped.State.Status);
        Assert.Equal(2, stopped.RemovedBookmarks.Count);
        Assert.Empty(stopped.State.Bookmarks);
        var late = await _runtime.ResumeAsync(definition, stopped.State, started.AddedBookmarks[0].Id);
        Assert.False(late.Applied);
    }

    [Fact]
    public async Task Start_SameInputsTwice_ProducesTheSameHistory()
    {
        var definition = TestRuntime.Read(ForkIntoTwoWaits("WaitAll").ToJson());
        var one = await _runtime.StartAsync(definition);
        var two = await _runtime.StartAsync(definition);

        static string Shape(BurstResult r) => string.Join("|", r.Journal.Select(j => $"{j.Sequence}:{j.ActivityId}:{j.Event}:{j.Outcome}"))
            + "#" + string.Join(",", r.AddedBookmarks.Select(b => b.Id[(b.Id.IndexOf(':', StringComparison.Ordinal) + 1)..] + "/" + b.Stimulus));

        Assert.Equal(Shape(one), Shape(two));
    }
}
