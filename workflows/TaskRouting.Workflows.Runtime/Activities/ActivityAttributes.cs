namespace TaskRouting.Workflows.Runtime.Activities;

/// <summary>How the Studio shows an activity.</summary>
public enum ActivityKind { Action, Trigger, Task }

/// <summary>
/// Declares an activity: its type name (Elsa's where the semantics match, <c>TaskRouting.*</c> otherwise), category,
/// names and descriptions in Simplified Chinese and English. Descriptors for the Studio are generated from these.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string typeName) : Attribute
{
    public string TypeName { get; } = typeName;
    public required string CategoryZh { get; init; }
    public required string CategoryEn { get; init; }
    public required string DisplayNameZh { get; init; }
    public required string DisplayNameEn { get; init; }
    public required string DescriptionZh { get; init; }
    public required string DescriptionEn { get; init; }
    public ActivityKind Kind { get; init; } = ActivityKind.Action;

    /// <summary>The activity can suspend the workflow (a bookmark); loops through it are not busy loops.</summary>
    public bool MayWait { get; init; }

    /// <summary>Outcome ports come from this input's literal value (comma-separated) instead of <see cref="OutcomeAttribute"/>.</summary>
    public string? OutcomesFromInput { get; init; }
}

/// <summary>An input of an activity, read from the definition as an expression.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InputAttribute(string name, Type type) : Attribute
{
    /// <summary>The camelCase input name, as in the definition JSON.</summary>
    public string Name { get; } = name;
    public Type Type { get; } = type;
    public required string DisplayNameZh { get; init; }
    public required string DisplayNameEn { get; init; }
    public string DescriptionZh { get; init; } = "";
    public string DescriptionEn { get; init; } = "";
    /// <summary>singleline, multiline, checkbox, dropdown, code-editor, json-editor, dynamic-outcomes.</summary>
    public string UiHint { get; init; } = UiHints.SingleLine;
    public bool Required { get; init; }
    /// <summary>Dropdown choices.</summary>
    public string[] Options { get; init; } = [];
    /// <summary>The literal used when the definition leaves the input empty.</summary>
    public string? DefaultValue { get; init; }
    public int Order { get; init; }
}

/// <summary>An outcome port of an activity.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OutcomeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
    public string? DisplayNameZh { get; init; }
    public string? DisplayNameEn { get; init; }
}

/// <summary>The Studio's UI hints.</summary>
public static class UiHints
{
    public const string SingleLine = "singleline";
    public const string MultiLine = "multiline";
    public const string Checkbox = "checkbox";
    public const string Dropdown = "dropdown";
    public const string CodeEditor = "code-editor";
    public const string JsonEditor = "json-editor";
    /// <summary>A list of names that become the activity's outcome ports in the Studio (stored as a JSON array).</summary>
    public const string DynamicOutcomes = "dynamic-outcomes";
}
