using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TaskRouting.Workflows.Runtime.Definitions;
using TaskRouting.Workflows.Runtime.Expressions;

namespace TaskRouting.Workflows.Runtime.Tests.Expressions;

public class ExpressionEvaluatorTests
{
    private static readonly ExpressionEvaluator Evaluator = new(Options.Create(new ExpressionOptions()));

    private static ExpressionScope Scope(params (string Name, JsonNode? Value)[] variables) =>
        new(variables.ToDictionary(v => v.Name, v => v.Value), new JsonObject { ["amount"] = 120, ["district"] = "370299" }, "wf1", "corr-1");

    [Theory]
    [InlineData("True", typeof(bool), true)]
    [InlineData("false", typeof(bool), false)]
    [InlineData("42", typeof(int), 42)]
    [InlineData("2.5", typeof(double), 2.5)]
    public void Evaluate_LiteralStrings_ConvertLikeTheStudioSendsThem(string literal, Type type, object expected)
    {
        var value = ExpressionEvaluator.Convert(Evaluator.Evaluate(ExpressionSpec.Literal(literal), Scope()), type);
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Evaluate_LiteralDurationAndList_Convert()
    {
        Assert.Equal(TimeSpan.FromHours(1), Evaluator.Evaluate<TimeSpan>(ExpressionSpec.Literal("01:00:00"), Scope()));
        Assert.Equal(TimeSpan.FromSeconds(90), Evaluator.Evaluate<TimeSpan>(ExpressionSpec.Literal("90"), Scope()));
        Assert.Equal(["Approve", "Reject"], Evaluator.Evaluate<string[]>(ExpressionSpec.Literal("Approve, Reject"), Scope())!);
    }

    [Fact]
    public void Evaluate_Variable_ReadsItsValue()
    {
        Assert.Equal(7, Evaluator.Evaluate<int>(ExpressionSpec.Variable("count"), Scope(("count", 7))));
    }

    [Fact]
    public void Evaluate_UnknownVariable_NamesIt()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(ExpressionSpec.Variable("nope"), Scope()));
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_JavaScript_SeesVariablesInputAndIds()
    {
        var scope = Scope(("votes", new JsonArray(1, 1, 0)));
        Assert.True(Evaluator.Evaluate<bool>(ExpressionSpec.JavaScript("input.amount > 100 && variables.votes.length === 3"), scope));
        Assert.Equal("wf1/corr-1", Evaluator.Evaluate<string>(ExpressionSpec.JavaScript("instanceId + '/' + correlationId"), scope));
        Assert.Equal(2, Evaluator.Evaluate<int>(ExpressionSpec.JavaScript("getVariable('votes').filter(v => v === 1).length"), scope));
    }

    [Fact]
    public void Evaluate_JavaScriptObject_ReturnsJson()
    {
        var node = Evaluator.Evaluate(ExpressionSpec.JavaScript("({ passed: true, share: 2 / 3 })"), Scope());
        Assert.True(node!["passed"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("while (true) {}")]
    [InlineData("let a = []; while (true) { a.push('xxxxxxxxxxxxxxxxxxxxxxxx'); }")]
    [InlineData("function f(n) { return f(n + 1); } f(0)")]
    public void Evaluate_RunawayScript_IsStoppedByALimit(string code)
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(ExpressionSpec.JavaScript(code), Scope()));
        Assert.Contains("limit", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("System.IO.File.Exists('/etc/passwd')")]
    [InlineData("importNamespace('System.IO')")]
    [InlineData("clrHelper.getType('System.Environment')")]
    public void Evaluate_ClrAccess_IsNotAvailable(string code)
    {
        Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(ExpressionSpec.JavaScript(code), Scope()));
    }

    [Fact]
    public void Evaluate_ScriptChangingVariables_FailsAndChangesNothing()
    {
        var variables = new Dictionary<string, JsonNode?> { ["count"] = 1 };
        var scope = new ExpressionScope(variables, [], "wf1", null);
        Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(ExpressionSpec.JavaScript("variables.count = 5"), scope));
        Assert.Equal(1, variables["count"]!.GetValue<int>());
    }

    [Fact]
    public void Evaluate_ThrowingScript_GivesAReadableMessage()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.Evaluate(ExpressionSpec.JavaScript("variables.missing.x"), Scope()));
        Assert.Contains("The script failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_BadValue_SaysWhatWasExpected()
    {
        var error = Assert.Throws<ExpressionException>(() => ExpressionEvaluator.Convert<int>(JsonValue.Create("many")));
        Assert.Contains("Int32", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 +", false)]
    [InlineData("variables.x > 1", true)]
    public void CheckSyntax_ReportsOnlyBrokenCode(string code, bool valid)
    {
        Assert.Equal(valid, ExpressionEvaluator.CheckSyntax(code) is null);
    }
}
