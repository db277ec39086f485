using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Workflows.Runtime.Definitions;
using TaskRouting.Workflows.Runtime.Execution;
using TaskRouting.Workflows.Runtime.Expressions;

namespace TaskRouting.Workflows.Runtime.Activities;

/// <summary>What an activity sees while it runs: its node and inputs, the instance's variables, the time and the services.</summary>
public sealed class ActivityContext
{
    private readonly ExpressionEvaluator _expressions;

    internal ActivityContext(
        ActivityNode node, ActivityDescriptor descriptor, FlowchartDefinition definition, WorkflowInstanceState instance,
        FlowConnection? arrivedVia, DateTimeOffset now, string actor, IServiceProvider services, ExpressionEvaluator expressions)
    {
        Node = node;
        Descriptor = descriptor;
        Definition = definition;
        Instance = instance;
        ArrivedVia = arrivedVia;
        Now = now;
        Actor = actor;
        Services = services;
        _expressions = expressions;
    }

    public ActivityNode Node { get; }
    public ActivityDescriptor Descriptor { get; }
    public FlowchartDefinition Definition { get; }
    public WorkflowInstanceState Instance { get; }

    /// <summary>The connection execution came through (null for a start activity or a resumption).</summary>
    public FlowConnection? ArrivedVia { get; }

    /// <summary>The injected clock's time for this burst.</summary>
    public DateTimeOffset Now { get; }

    public string Actor { get; }
    public IServiceProvider Services { get; }

    /// <summary>State of this activity that survives suspension.</summary>
    public JsonObject State
    {
        get
        {
            if (!Instance.ActivityState.TryGetValue(Node.Id, out var state))
            {
                Instance.ActivityState[Node.Id] = state = [];
            }

            return state;
        }
    }

    public ExpressionScope Scope => new(Instance.Variables, Instance.Input, Instance.InstanceId, Instance.CorrelationId);

    /// <summary>True when the definition sets the input (or it has a default).</summary>
    public bool Has(string input) => Node.Inputs.ContainsKey(input) || Descriptor.FindInput(input)?.DefaultValue is not null;

    /// <summary>Evaluates an input; a failing expression faults the activity with a message naming the input.</summary>
    public T? Get<T>(string input)
    {
        var spec = Node.Inputs.GetValueOrDefault(input)
            ?? (Descriptor.FindInput(input)?.DefaultValue is { } literal ? ExpressionSpec.Literal(literal) : null);
        if (spec is null)
        {
            return default;
        }

        try
        {
            return _expressions.Evaluate<T>(spec, Scope);
        }
        catch (ExpressionException ex)
        {
            throw new ActivityFaultException($"输入 {input}:{ex.Message} / Input {input}: {ex.Message}", ex);
        }
    }

    /// <summary>Evaluates a required input; missing or empty faults the activity.</summary>
    public T GetRequired<T>(string input) =>
        Get<T>(input) is { } value && (value is not string s || !string.IsNullOrWhiteSpace(s))
            ? value
            : throw new ActivityFaultException($"缺少输入 {input} / Input {input} is required");

    public JsonNode? GetVariable(string name) => Instance.Variables.GetValueOrDefault(name);

    public void SetVariable(string name, JsonNode? value) => Instance.Variables[name] = value;

    /// <summary>The set-based writes this activity asked for; kept only if it does not fault.</summary>
    internal List<Func<DbContext, CancellationToken, Task>> Writes { get; } = [];

    /// <summary>
    /// Asks for a set-based write (a bulk insert or an <c>UPDATE … FROM</c>) that runs when the burst commits, inside
    /// its transaction, after the instance's own rows and before the context's tracked changes are saved. Use it for
    /// rows too many to track one by one (a dispatch to thousands of communities). It runs once per committed attempt:
    /// a burst retried after a conflict runs the activity, and so asks again, from fresh state. A faulted activity's
    /// writes are dropped.
    /// </summary>
    public void WriteOnCommit(Func<DbContext, CancellationToken, Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Writes.Add(write);
    }
}
