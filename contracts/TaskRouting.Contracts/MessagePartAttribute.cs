namespace TaskRouting.Contracts;

/// <summary>
/// Marks a record that travels inside messages (e.g. an evidence file of a report) but is not a message itself: it is
/// never published alone and has no sample of its own. It follows the same evolution rule as the message carrying it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MessagePartAttribute : Attribute;
