using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaskRouting.Workflows.Runtime.Persistence;

namespace TaskRouting.Workflows;

/// <summary>One workflow TaskRouting ships: its key (the JSON file's name) and its Elsa 3 definition.</summary>
public sealed record ShippedWorkflow(string Key, string Name, string Json)
{
    /// <summary>Definition ids are global; each district gets its own copy, <c>{district}-{key}</c>.</summary>
    public string DefinitionIdFor(string district) => $"{district}-{Key}";
}

/// <summary>
/// The shipped workflows: the admission lifecycle, the emergency track and the violation report. Each district gets its own copy,
/// published the first time the district is seen; a copy that exists is never overwritten, so what the district's
/// designers changed in the Studio stays.
/// </summary>
public sealed class ShippedWorkflows(WorkflowDefinitions definitions)
{
    /// <summary>The admission lifecycle (筛查、评审窗口、表决、委员会审批、经费、派发、督查).</summary>
    public const string Admission = "admission";

    /// <summary>The emergency track (提前 3 个工作日报备、即时审批).</summary>
    public const string Emergency = "admission-emergency";

    /// <summary>The violation report (举报办理: 分办、“123”限时答复、认定、限期整改、核验).</summary>
    public const string Violation = "violation-report";

    public static IReadOnlyList<ShippedWorkflow> All { get; } = Load();

    public static ShippedWorkflow Get(string key) => All.Single(w => w.Key == key);

    /// <summary>Creates and publishes the shipped workflows a district lacks; returns the versions it created.</summary>
    public async Task<IReadOnlyList<WorkflowDefinitionRecord>> EnsurePublishedAsync(
        string district, string actor, Action<DbContext, WorkflowDefinitionRecord>? beforeCommit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(district);
        var created = new List<WorkflowDefinitionRecord>();
        foreach (var workflow in All)
        {
            var definitionId = workflow.DefinitionIdFor(district);
            if (await definitions.Query(null).AnyAsync(d => d.DefinitionId == definitionId, cancellationToken))
            {
                continue;
            }

            var description = JsonNode.Parse(workflow.Json)?["description"]?.GetValue<string>();
            var result = await definitions.SaveAsync(district, definitionId, workflow.Name, description, workflow.Json, publish: true, actor, beforeCommit, cancellationToken);
            created.Add(result.Succeeded
                ? result.Record!
                : throw new InvalidOperationException($"Shipped workflow {workflow.Key} is invalid: {string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}"))}"));
        }

        return created;
    }

    private static List<ShippedWorkflow> Load()
    {
        const string Prefix = "TaskRouting.Workflows.Definitions.";
        var assembly = typeof(ShippedWorkflows).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                var json = reader.ReadToEnd();
                var name = JsonNode.Parse(json)?["name"]?.GetValue<string>() ?? n;
                return new ShippedWorkflow(n[Prefix.Length..^".json".Length], name, json);
            })
            .ToList();
    }
}

/// <summary>The project's one DI entry point.</summary>
public static class WorkflowsServiceCollectionExtensions
{
    public static IServiceCollection AddShippedWorkflows(this IServiceCollection services)
    {
        services.AddScoped<ShippedWorkflows>();
        return services;
    }
}
