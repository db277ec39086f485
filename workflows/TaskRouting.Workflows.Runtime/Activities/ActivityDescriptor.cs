namespace TaskRouting.Workflows.Runtime.Activities;

/// <summary>Bilingual text; <see cref="For"/> picks the language of a request (zh-CN by default).</summary>
public sealed record LocalizedText(string Zh, string En)
{
    public string For(string? language) => language?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? En : Zh;
}

/// <summary>An input as the Studio and the validator see it.</summary>
public sealed record InputDescriptor(
    string Name, Type Type, LocalizedText DisplayName, LocalizedText Description, string UiHint,
    bool Required, IReadOnlyList<string> Options, string? DefaultValue, int Order);

/// <summary>An outcome port.</summary>
public sealed record OutcomeDescriptor(string Name, LocalizedText DisplayName);

/// <summary>Everything known about an activity type, generated from its attributes.</summary>
public sealed record ActivityDescriptor(
    string TypeName, Type ClrType, LocalizedText Category, LocalizedText DisplayName, LocalizedText Description,
    ActivityKind Kind, bool MayWait, IReadOnlyList<InputDescriptor> Inputs, IReadOnlyList<OutcomeDescriptor> Outcomes,
    string? OutcomesFromInput)
{
    public InputDescriptor? FindInput(string name) => Inputs.FirstOrDefault(i => i.Name == name);
}
