using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace TaskRouting.Workflows.Runtime.Activities;

/// <summary>
/// The activity types this runtime can execute, keyed by type name, with descriptors generated from their
/// attributes. Activities are resolved from DI so they can take services through their constructor.
/// </summary>
public sealed class ActivityCatalogue
{
    private readonly Dictionary<string, ActivityDescriptor> _byType;

    public ActivityCatalogue(IEnumerable<ActivityRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        _byType = new Dictionary<string, ActivityDescriptor>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            var descriptor = Describe(registration.ActivityType);
            if (!_byType.TryAdd(descriptor.TypeName, descriptor))
            {
                throw new InvalidOperationException($"Activity type name {descriptor.TypeName} is registered twice");
            }
        }
    }

    public IReadOnlyCollection<ActivityDescriptor> Descriptors => _byType.Values;

    public ActivityDescriptor? Find(string typeName) => _byType.GetValueOrDefault(typeName);

    public WorkflowActivity Create(IServiceProvider services, ActivityDescriptor descriptor) =>
        (WorkflowActivity)services.GetRequiredService(descriptor.ClrType);

    public static ActivityDescriptor Describe(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!typeof(WorkflowActivity).IsAssignableFrom(type))
        {
            throw new ArgumentException($"{type} is not a {nameof(WorkflowActivity)}", nameof(type));
        }

        var activity = type.GetCustomAttribute<ActivityAttribute>()
            ?? throw new ArgumentException($"{type} has no [Activity] attribute", nameof(type));
        var inputs = type.GetCustomAttributes<InputAttribute>()
            .Select((i, index) => new InputDescriptor(i.Name, i.Type, new(i.DisplayNameZh, i.DisplayNameEn), new(i.DescriptionZh, i.DescriptionEn),
                i.UiHint, i.Required, i.Options, i.DefaultValue, i.Order == 0 ? index : i.Order))
            .OrderBy(i => i.Order)
            .ToList();
        var outcomes = type.GetCustomAttributes<OutcomeAttribute>()
            .Select(o => new OutcomeDescriptor(o.Name, new(o.DisplayNameZh ?? o.Name, o.DisplayNameEn ?? o.Name)))
            .ToList();
        return new ActivityDescriptor(activity.TypeName, type, new(activity.CategoryZh, activity.CategoryEn),
            new(activity.DisplayNameZh, activity.DisplayNameEn), new(activity.DescriptionZh, activity.DescriptionEn),
            activity.Kind, activity.MayWait, inputs, outcomes, activity.OutcomesFromInput);
    }
}

/// <summary>One activity type known to the catalogue; added by <c>AddActivity&lt;T&gt;()</c>.</summary>
public sealed record ActivityRegistration(Type ActivityType);
