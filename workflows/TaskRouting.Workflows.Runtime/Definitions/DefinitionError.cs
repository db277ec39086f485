namespace TaskRouting.Workflows.Runtime.Definitions;

/// <summary>
/// A problem with a definition: where (a JSON-ish path such as <c>root.activities[2].condition</c>), which activity
/// if any, and what is wrong, in Simplified Chinese and English ("中文 / English").
/// </summary>
public sealed record DefinitionError(string Path, string? ActivityId, string Message);
