using TaskRouting.Workflows.Runtime.Definitions;
using static TaskRouting.Workflows.Runtime.Tests.FlowBuilder;

namespace TaskRouting.Workflows.Runtime.Tests.Definitions;

public sealed class DefinitionValidatorTests : IDisposable
{
    private readonly TestRuntime _runtime = new();

    public void Dispose() => _runtime.Dispose();

    private IReadOnlyList<DefinitionError> Validate(FlowBuilder flow) =>
        _runtime.Get<DefinitionValidator>().Validate(TestRuntime.Read(flow.ToJson()));

    [Fact]
    public void Validate_WellFormedFlow_HasNoErrors()
    {
        var errors = Validate(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("check", "Elsa.Decision", Js("condition", "input.amount > 0"))
            .Activity("task", "TaskRouting.HumanTask", Literal("title", "审核"), Literal("assigneeRole", "office"), Literal("outcomes", "Approve,Reject"))
            .Activity("end", "Elsa.Finish")
            .Connect("start", "Done", "check")
            .Connect("check", "True", "task")
            .Connect("task", "Approve", "end")
            .Connect("task", "Reject", "check"));
        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_UnknownActivityType_NamesTheActivity()
    {
        var error = Assert.Single(Validate(new FlowBuilder().Activity("x", "Acme.Teleport")));
        Assert.Equal(("activities[0].type", "x"), (error.Path, error.ActivityId));
    }

    [Fact]
    public void Validate_DanglingConnection_NamesTheEnd()
    {
        var errors = Validate(new FlowBuilder().Activity("start", "Elsa.Start").Connect("start", "Done", "ghost"));
        Assert.Contains(errors, e => e.Path == "connections[0].target" && e.Message.Contains("ghost", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PortTheActivityLacks_IsReported()
    {
        var errors = Validate(new FlowBuilder()
            .Activity("check", "Elsa.Decision", Js("condition", "true"))
            .Activity("end", "Elsa.Finish")
            .Connect("check", "Maybe", "end"));
        Assert.Contains(errors, e => e.Path == "connections[0].source" && e.Message.Contains("Maybe", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Object")]
    [InlineData("Literal")]
    public void Validate_OutcomesAsAJsonArray_AreTheActivitysPorts(string expressionType)
    {
        // The Studio's dynamic-outcomes editor stores the names as a JSON array in an Object expression.
        var errors = Validate(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("task", "TaskRouting.HumanTask", Literal("title", "审核"), Literal("assigneeRole", "office"),
                ("outcomes", expressionType, "[\"Approve\",\"Reject\"]"))
            .Activity("end", "Elsa.Finish")
            .Connect("start", "Done", "task")
            .Connect("task", "Approve", "end")
            .Connect("task", "Later", "end"));
        var error = Assert.Single(errors);
        Assert.Equal("task", error.ActivityId);
        Assert.Contains("Later", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingRequiredInput_NamesTheInput()
    {
        var errors = Validate(new FlowBuilder().Activity("check", "Elsa.Decision"));
        Assert.Contains(errors, e => e.Path == "activities[0].condition" && e.ActivityId == "check");
    }

    [Fact]
    public void Validate_JavaScriptSyntaxError_IsReportedBeforeRunning()
    {
        var errors = Validate(new FlowBuilder().Activity("check", "Elsa.Decision", Js("condition", "variables.x >")));
        Assert.Contains(errors, e => e.Path == "activities[0].condition" && e.Message.Contains("syntax", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoStart_IsReported()
    {
        var errors = Validate(new FlowBuilder()
            .Activity("a", "TaskRouting.WaitForEvent", Literal("eventName", "x"))
            .Activity("b", "TaskRouting.WaitForEvent", Literal("eventName", "y"))
            .Connect("a", "Done", "b")
            .Connect("b", "Done", "a"));
        Assert.Contains(errors, e => e.Path == "activities" && e.Message.Contains("no start", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LoopWithoutWait_IsReported()
    {
        var errors = Validate(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("inc", "Elsa.SetVariable", Literal("variable", "n"), Js("value", "1"))
            .Activity("check", "Elsa.Decision", Js("condition", "true"))
            .Connect("start", "Done", "inc")
            .Connect("inc", "Done", "check")
            .Connect("check", "True", "inc"));
        var error = Assert.Single(errors);
        Assert.Contains("spin forever", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LoopThroughAWait_IsAllowed()
    {
        var errors = Validate(new FlowBuilder()
            .Activity("start", "Elsa.Start")
            .Activity("wait", "Elsa.Delay", Literal("timeSpan", "00:10:00"))
            .Activity("check", "Elsa.Decision", Js("condition", "true"))
            .Connect("start", "Done", "wait")
            .Connect("wait", "Done", "check")
            .Connect("check", "True", "wait"));
        Assert.Empty(errors);
    }
}
