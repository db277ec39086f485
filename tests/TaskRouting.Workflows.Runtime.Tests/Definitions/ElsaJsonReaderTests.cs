using TaskRouting.Workflows.Runtime.Definitions;

namespace TaskRouting.Workflows.Runtime.Tests.Definitions;

public class ElsaJsonReaderTests
{
    [Fact]
    public void Read_StudioDefinition_ReadsActivitiesInputsConnectionsAndVariables()
    {
        var json = new FlowBuilder()
            .Variable("count", "Int32", 0)
            .Activity("start", "Elsa.Start")
            .Activity("check", "Elsa.Decision", FlowBuilder.Js("condition", "variables.count > 1"))
            .Connect("start", "Done", "check")
            .ToJson();

        var (definition, errors) = ElsaJsonReader.Read(json);

        Assert.Empty(errors);
        Assert.Equal(["start", "check"], definition!.Activities.Select(a => a.Id));
        Assert.Equal(new ExpressionSpec("JavaScript", "variables.count > 1").Type, definition.Find("check")!.Inputs["condition"].Type);
        Assert.Equal("variables.count > 1", definition.Find("check")!.Inputs["condition"].Value!.GetValue<string>());
        Assert.Equal(new FlowConnection("start", "Done", "check", "In"), Assert.Single(definition.Connections));
        Assert.Equal("count", Assert.Single(definition.Variables).Name);
        Assert.Equal("start", Assert.Single(definition.StartActivities()).Id);
    }

    [Fact]
    public void Read_Elsa30ConnectionShape_IsAccepted()
    {
        const string json = """
            {"type":"Elsa.Flowchart","activities":[{"id":"a","type":"Elsa.Start"},{"id":"b","type":"Elsa.Finish"}],
             "connections":[{"source":"a","sourcePort":"Done","target":"b","targetPort":"In"}]}
            """;
        var (definition, errors) = ElsaJsonReader.Read(json);
        Assert.Empty(errors);
        Assert.Equal(new FlowConnection("a", "Done", "b", "In"), Assert.Single(definition!.Connections));
    }

    [Fact]
    public void Read_InputWithoutExpression_IsLeftUnset()
    {
        const string json = """{"type":"Elsa.Flowchart","activities":[{"id":"a","type":"Elsa.Delay","timeSpan":{"typeName":null,"expression":null}}]}""";
        var (definition, _) = ElsaJsonReader.Read(json);
        Assert.Empty(definition!.Find("a")!.Inputs);
    }

    [Theory]
    [InlineData("{not json", "")]
    [InlineData("""{"root":{"type":"Elsa.Sequence"}}""", "root.type")]
    [InlineData("""{"type":"Elsa.Flowchart","activities":[{"id":"a","type":"Elsa.Start"},{"id":"a","type":"Elsa.Finish"}]}""", "activities[1].id")]
    [InlineData("""{"type":"Elsa.Flowchart","activities":[{"id":"a"}]}""", "activities[0].type")]
    [InlineData("""{"type":"Elsa.Flowchart","activities":[],"connections":[{"source":{"activity":"a"}}]}""", "connections[0]")]
    public void Read_BrokenStructure_NamesWhere(string json, string path)
    {
        var (definition, errors) = ElsaJsonReader.Read(json);
        Assert.Null(definition);
        Assert.Contains(errors, e => e.Path == path);
    }
}
