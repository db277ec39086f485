using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Definitions;

namespace TaskRouting.Server.Elsa;

/// <summary>
/// The descriptor lists the Studio loads: activities generated from the runtime's catalogue (names, categories and
/// descriptions in the request's language), the expression types the runtime evaluates, and the strategy lists
/// Elsa's server would offer, which TaskRouting answers with its single fixed behaviour.
/// </summary>
internal static class ElsaDescriptorEndpoints
{
    public static RouteGroupBuilder MapElsaDescriptors(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/descriptors");
        group.MapGet("/activities", (HttpContext http, ActivityCatalogue catalogue) =>
            TypedResults.Ok(Items(ActivityDescriptors(catalogue, RequestLanguage.Of(http)))));
        group.MapGet("/expression-descriptors", (HttpContext http) => TypedResults.Ok(Items(ExpressionDescriptors(RequestLanguage.Of(http)))));
        group.MapGet("/workflow-activation-strategies", (HttpContext http) => TypedResults.Ok(Items(
        [
            new JsonObject
            {
                ["typeName"] = "Default",
                ["displayName"] = RequestLanguage.Pick(http, "默认", "Default"),
                ["description"] = RequestLanguage.Pick(http, "任何时候都可以启动新实例。", "New instances may start at any time."),
            },
        ])));
        foreach (var empty in new[] { "/log-persistence-strategies", "/incident-strategies", "/commit-strategies/workflows", "/commit-strategies/activities" })
        {
            group.MapGet(empty, () => TypedResults.Ok(Items([])));
        }

        group.MapGet("/variables", () => TypedResults.Ok(Items(VariableTypes())));
        // Variables live in the instance's state, committed with each burst: one storage, offered as the only driver.
        group.MapGet("/storage-drivers", (HttpContext http) => TypedResults.Ok(Items(
        [
            new JsonObject
            {
                ["typeName"] = "Workflow",
                ["displayName"] = RequestLanguage.Pick(http, "流程实例", "Workflow instance"),
                ["priority"] = 0,
                ["deprecated"] = false,
            },
        ])));
        return group;
    }

    public static JsonObject Items(IReadOnlyList<JsonObject> items) => new()
    {
        ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
        ["count"] = items.Count,
    };

    public static List<JsonObject> ActivityDescriptors(ActivityCatalogue catalogue, string language)
    {
        var list = catalogue.Descriptors.OrderBy(d => d.TypeName, StringComparer.Ordinal).Select(d => Describe(d, language)).ToList();
        // The designer needs the container type itself; hidden from the toolbox.
        list.Add(new JsonObject
        {
            ["typeName"] = WellKnownTypes.Flowchart,
            ["namespace"] = "Elsa",
            ["name"] = "Flowchart",
            ["version"] = 1,
            ["category"] = language == RequestLanguage.English ? "Flow" : "流程",
            ["displayName"] = language == RequestLanguage.English ? "Flowchart" : "流程图",
            ["description"] = language == RequestLanguage.English ? "A flowchart of activities." : "由活动组成的流程图。",
            ["kind"] = "Action",
            ["isBrowsable"] = false,
            ["isContainer"] = true,
            ["isStart"] = false,
            ["isTerminal"] = false,
            ["customProperties"] = new JsonObject(),
            ["constructionProperties"] = new JsonObject(),
            ["ports"] = new JsonArray(),
            ["inputs"] = new JsonArray(),
            ["outputs"] = new JsonArray(),
        });
        return list;
    }

    private static JsonObject Describe(ActivityDescriptor descriptor, string language)
    {
        var dot = descriptor.TypeName.LastIndexOf('.');
        var ports = descriptor.OutcomesFromInput is null
            ? descriptor.Outcomes.Select(o => (JsonNode)new JsonObject
            {
                ["name"] = o.Name,
                ["displayName"] = o.DisplayName.For(language),
                ["type"] = "Flow",
                ["isBrowsable"] = true,
            }).ToArray()
            // Ports named by an input come from the Studio's dynamic-outcomes editor, not from the descriptor.
            : [];
        return new JsonObject
        {
            ["typeName"] = descriptor.TypeName,
            ["namespace"] = dot > 0 ? descriptor.TypeName[..dot] : descriptor.TypeName,
            ["name"] = dot > 0 ? descriptor.TypeName[(dot + 1)..] : descriptor.TypeName,
            ["version"] = 1,
            ["category"] = descriptor.Category.For(language),
            ["displayName"] = descriptor.DisplayName.For(language),
            ["description"] = descriptor.Description.For(language),
            ["kind"] = descriptor.Kind.ToString(),
            ["isBrowsable"] = true,
            ["isContainer"] = false,
            ["isStart"] = descriptor.TypeName == "Elsa.Start",
            ["isTerminal"] = descriptor.TypeName == "Elsa.Finish",
            ["customProperties"] = new JsonObject(),
            ["constructionProperties"] = new JsonObject(),
            ["ports"] = new JsonArray(ports),
            ["inputs"] = new JsonArray(descriptor.Inputs.Select(i => (JsonNode)DescribeInput(i, language)).ToArray()),
            ["outputs"] = new JsonArray(),
        };
    }

    private static JsonObject DescribeInput(InputDescriptor input, string language)
    {
        var description = input.Description.For(language);
        var descriptor = new JsonObject
        {
            ["name"] = input.Name,
            ["typeName"] = TypeName(input.Type),
            ["displayName"] = input.DisplayName.For(language) + (input.Required ? " *" : ""),
            ["description"] = description.Length > 0 ? description : null,
            ["order"] = input.Order,
            ["isBrowsable"] = true,
            ["isSynthetic"] = false,
            ["isWrapped"] = true,
            ["uiHint"] = input.UiHint,
            ["category"] = null,
            ["defaultValue"] = input.DefaultValue,
            ["defaultSyntax"] = input.UiHint == UiHints.DynamicOutcomes ? ExpressionTypes.Object : ExpressionTypes.Literal,
            ["isReadOnly"] = false,
            ["isSensitive"] = false,
        };
        if (input.UiHint == UiHints.Dropdown)
        {
            descriptor["uiSpecifications"] = new JsonObject
            {
                ["dropdown"] = new JsonObject
                {
                    ["selectList"] = new JsonObject
                    {
                        ["items"] = new JsonArray(input.Options.Select(o => (JsonNode)new JsonObject { ["text"] = o, ["value"] = o }).ToArray()),
                        ["isFlagsEnum"] = false,
                    },
                },
            };
        }

        return descriptor;
    }

    /// <summary>Elsa's type aliases for the CLR types inputs are declared with.</summary>
    private static string TypeName(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "String",
        var t when t == typeof(bool) => "Boolean",
        var t when t == typeof(int) => "Int32",
        var t when t == typeof(long) => "Int64",
        var t when t == typeof(double) => "Double",
        var t when t == typeof(decimal) => "Decimal",
        var t when t == typeof(TimeSpan) => "TimeSpan",
        var t when t == typeof(DateTimeOffset) => "DateTimeOffset",
        var t when t == typeof(string[]) => "String[]",
        _ => "Object",
    };

    private static List<JsonObject> ExpressionDescriptors(string language)
    {
        static JsonObject Expression(string type, string displayName, bool browsable, JsonObject? properties = null) => new()
        {
            ["type"] = type,
            ["displayName"] = displayName,
            ["isSerializable"] = true,
            ["isBrowsable"] = browsable,
            ["properties"] = properties ?? new JsonObject(),
        };

        var en = language == RequestLanguage.English;
        return
        [
            Expression(ExpressionTypes.Literal, en ? "Literal" : "常量", true),
            Expression(ExpressionTypes.Object, en ? "Object" : "对象", false),
            Expression(ExpressionTypes.Variable, en ? "Variable" : "变量", false),
            Expression(ExpressionTypes.JavaScript, "JavaScript", true, new JsonObject { ["MonacoLanguage"] = "javascript" }),
        ];
    }

    private static List<JsonObject> VariableTypes() =>
        new (string Type, string Category)[] { ("String", "Primitives"), ("Boolean", "Primitives"), ("Int32", "Primitives"), ("Double", "Primitives"), ("Object", "Primitives") }
            .Select(v => new JsonObject { ["typeName"] = v.Type, ["displayName"] = v.Type, ["category"] = v.Category, ["description"] = null })
            .ToList();
}
