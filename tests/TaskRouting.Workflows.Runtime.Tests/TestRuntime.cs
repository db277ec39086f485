using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaskRouting.Workflows.Runtime.Definitions;
using TaskRouting.Workflows.Runtime.Execution;

namespace TaskRouting.Workflows.Runtime.Tests;

/// <summary>The runtime wired as a host would, with a fake clock the test moves.</summary>
internal sealed class TestRuntime : IDisposable
{
    private readonly ServiceProvider _provider;
    private int _instances;

    public TestRuntime(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddWorkflowRuntime();
        configure?.Invoke(services);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(8)));

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public IServiceScope CreateScope() => _provider.CreateScope();

    public static FlowchartDefinition Read(string json)
    {
        var (definition, errors) = ElsaJsonReader.Read(json);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        return definition!;
    }

    public async Task<BurstResult> StartAsync(FlowchartDefinition definition, JsonObject? input = null)
    {
        var state = WorkflowEngine.NewInstance($"wf{++_instances}", "test", 1, definition, input, "corr-1");
        using var scope = _provider.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowEngine>().StartAsync(definition, state, "tester", CancellationToken.None);
    }

    public async Task<BurstResult> ResumeAsync(FlowchartDefinition definition, WorkflowInstanceState state, string bookmarkId, JsonNode? payload = null, string actor = "tester")
    {
        using var scope = _provider.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowEngine>().ResumeAsync(definition, state, bookmarkId, payload, actor, CancellationToken.None);
    }

    public async Task<BurstResult> RetryAsync(FlowchartDefinition definition, WorkflowInstanceState state, string incidentId)
    {
        using var scope = _provider.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowEngine>().RetryAsync(definition, state, incidentId, "operator", CancellationToken.None);
    }

    public BurstResult Stop(WorkflowInstanceState state, bool terminate)
    {
        using var scope = _provider.CreateScope();
        return scope.ServiceProvider.GetRequiredService<WorkflowEngine>().Stop(state, terminate, "operator", "test");
    }

    public void Dispose() => _provider.Dispose();
}
