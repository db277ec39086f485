using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskRouting.Workflows.Runtime.Activities;
using TaskRouting.Workflows.Runtime.Activities.Flow;
using TaskRouting.Workflows.Runtime.Activities.Human;
using TaskRouting.Workflows.Runtime.Activities.Primitives;
using TaskRouting.Workflows.Runtime.Definitions;
using TaskRouting.Workflows.Runtime.Execution;
using TaskRouting.Workflows.Runtime.Expressions;

namespace TaskRouting.Workflows.Runtime;

/// <summary>The runtime's one DI entry point.</summary>
public static class WorkflowRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine, the expression evaluator, the validator, the generic activities and the stores. The
    /// host registers its DbContext as <c>DbContext</c> and applies <c>ApplyWorkflowModel()</c> to it.
    /// </summary>
    public static IServiceCollection AddWorkflowRuntime(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        var expressions = services.AddOptions<ExpressionOptions>().ValidateDataAnnotations().ValidateOnStart();
        var engine = services.AddOptions<WorkflowEngineOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configuration is not null)
        {
            expressions.Bind(configuration.GetSection(ExpressionOptions.Section));
            engine.Bind(configuration.GetSection(WorkflowEngineOptions.Section));
        }

        services.TryAddSingleton<ExpressionEvaluator>();
        services.TryAddSingleton<ActivityCatalogue>();
        services.TryAddSingleton<DefinitionValidator>();
        services.TryAddScoped<WorkflowEngine>();
        services.TryAddSingleton<Persistence.DefinitionCache>();
        services.TryAddScoped<Persistence.IWorkflowCommitter, Persistence.DefaultWorkflowCommitter>();
        services.TryAddScoped<Persistence.WorkflowDefinitions>();
        services.TryAddScoped<Persistence.WorkflowInstances>();

        services.AddActivity<Start>()
            .AddActivity<Decision>()
            .AddActivity<FlowFork>()
            .AddActivity<FlowJoin>()
            .AddActivity<Finish>()
            .AddActivity<SetVariable>()
            .AddActivity<Delay>()
            .AddActivity<WaitForEvent>()
            .AddActivity<HumanTask>();
        return services;
    }

    /// <summary>Adds an activity type to the catalogue; it is resolved from DI (transient) when it runs.</summary>
    public static IServiceCollection AddActivity<TActivity>(this IServiceCollection services) where TActivity : WorkflowActivity
    {
        services.TryAddTransient<TActivity>();
        services.AddSingleton(new ActivityRegistration(typeof(TActivity)));
        return services;
    }
}
