using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Acornima.Ast;
using Jint;
using Jint.Runtime;
using Microsoft.Extensions.Options;
using TaskRouting.Workflows.Runtime.Definitions;

namespace TaskRouting.Workflows.Runtime.Expressions;

/// <summary>What an expression can see: the instance's variables and input, its id and correlation id.</summary>
public sealed record ExpressionScope(IReadOnlyDictionary<string, JsonNode?> Variables, JsonObject Input, string InstanceId, string? CorrelationId);

/// <summary>An expression that could not be evaluated; the message is readable by a designer.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Evaluates Literal, Object, Variable and JavaScript expressions. JavaScript runs in Jint in strict mode with no CLR
/// access and with limits on time, memory, recursion and statements; it reads <c>variables</c>, <c>input</c>,
/// <c>instanceId</c> and <c>correlationId</c> and cannot change them (only SetVariable does), so evaluation is pure.
/// </summary>
public sealed class ExpressionEvaluator(IOptions<ExpressionOptions> options)
{
    private const int MaxCachedScripts = 10_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Prepared<Script> Prelude = Engine.PrepareScript(
        "const variables = Object.freeze(JSON.parse(__variables)); const input = Object.freeze(JSON.parse(__input)); " +
        "function getVariable(name) { return variables[name]; }");

    /// <summary>Parsed scripts by source: a definition's expressions are parsed once, not at every evaluation.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Prepared<Script>> _scripts = new(StringComparer.Ordinal);

    public JsonNode? Evaluate(ExpressionSpec expression, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(scope);
        return expression.Type switch
        {
            ExpressionTypes.Literal => expression.Value?.DeepClone(),
            ExpressionTypes.Object => ParseObject(expression.Value),
            // The Studio may store a variable reference as {id, name}; a bare name works too.
            ExpressionTypes.Variable => ReadVariable(AsText(expression.Value is JsonObject reference ? reference["name"] : expression.Value), scope),
            ExpressionTypes.JavaScript => RunJavaScript(AsText(expression.Value) ?? "", scope),
            _ => throw new ExpressionException($"未知的表达式类型 {expression.Type} / Unknown expression type {expression.Type}"),
        };
    }

    public T? Evaluate<T>(ExpressionSpec expression, ExpressionScope scope) => Convert<T>(Evaluate(expression, scope));

    /// <summary>Checks JavaScript syntax without running it; null when the code parses.</summary>
    public static string? CheckSyntax(string code)
    {
        try
        {
            Engine.PrepareScript(code);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ex.Message;
        }
    }

    /// <summary>Converts a value the way the Studio sends them: strings for numbers, booleans and durations.</summary>
    public static T? Convert<T>(JsonNode? node) => (T?)Convert(node, typeof(T));

    public static object? Convert(JsonNode? node, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (node is null)
        {
            return null;
        }

        if (type == typeof(JsonNode) || type == typeof(object))
        {
            return node;
        }

        if (type == typeof(string))
        {
            return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            if (node is JsonValue value && value.TryGetValue<string>(out var text))
            {
                if (target == typeof(string[]))
                {
                    return Names(text);
                }

                if (target == typeof(TimeSpan) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                {
                    return TimeSpan.FromSeconds(seconds);
                }

                return TypeDescriptor.GetConverter(target).ConvertFromInvariantString(text);
            }

            if (target == typeof(TimeSpan) && node is JsonValue number && number.TryGetValue<double>(out var secs))
            {
                return TimeSpan.FromSeconds(secs);
            }

            return node.Deserialize(target, Json);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new ExpressionException($"值 {Shorten(node.ToJsonString())} 不能转换为 {target.Name} / The value {Shorten(node.ToJsonString())} is not a valid {target.Name}", ex);
        }
    }

    /// <summary>
    /// A list of names as the Studio writes it: a JSON array (<c>["Approve","Reject"]</c>, the dynamic-outcomes editor)
    /// or a comma-separated text (<c>Approve,Reject</c>).
    /// </summary>
    public static string[] Names(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith('['))
        {
            return JsonSerializer.Deserialize<string[]>(trimmed, Json)?.Select(n => n.Trim()).Where(n => n.Length > 0).ToArray() ?? [];
        }

        return trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static JsonNode? ParseObject(JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            try
            {
                return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new ExpressionException($"对象表达式不是合法 JSON / The object expression is not valid JSON: {ex.Message}", ex);
            }
        }

        return value?.DeepClone();
    }

    private static JsonNode? ReadVariable(string? name, ExpressionScope scope)
    {
        if (string.IsNullOrWhiteSpace(name) || !scope.Variables.TryGetValue(name, out var value))
        {
            throw new ExpressionException($"没有变量 {name} / There is no variable {name}");
        }

        return value?.DeepClone();
    }

    private JsonNode? RunJavaScript(string code, ExpressionScope scope)
    {
        var limits = options.Value;
        using var engine = new Engine(o => o
            .Strict()
            .Constraint(new DeadlineConstraint(limits.Timeout))
            .LimitMemory(limits.MemoryBytes)
            .LimitRecursion(limits.RecursionDepth)
            .MaxStatements(limits.MaxStatements));
        try
        {
            var variables = new JsonObject();
            foreach (var (name, value) in scope.Variables)
            {
                variables[name] = value?.DeepClone();
            }

            // Data enters the sandbox as JSON text and is parsed there: no CLR object is ever exposed.
            engine.SetValue("__variables", variables.ToJsonString());
            engine.SetValue("__input", scope.Input.ToJsonString());
            engine.SetValue("instanceId", scope.InstanceId);
            engine.SetValue("correlationId", scope.CorrelationId ?? "");
            engine.Execute(Prelude);
            var result = engine.Evaluate(Prepare(code));
            if (result.IsUndefined() || result.IsNull())
            {
                return null;
            }

            var json = new Jint.Native.Json.JsonSerializer(engine).Serialize(result);
            return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
        }
        catch (JavaScriptException ex)
        {
            throw new ExpressionException($"脚本出错 / The script failed: {ex.Message} (line {ex.Location.Start.Line})", ex);
        }
        catch (Exception ex) when (ex is TimeoutException or MemoryLimitExceededException or RecursionDepthOverflowException or StatementsCountOverflowException)
        {
            throw new ExpressionException($"脚本超出限制 / The script exceeded a limit: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not ExpressionException and not OutOfMemoryException)
        {
            throw new ExpressionException($"脚本无法执行 / The script cannot run: {ex.Message}", ex);
        }
    }

    private Prepared<Script> Prepare(string code)
    {
        if (_scripts.TryGetValue(code, out var prepared))
        {
            return prepared;
        }

        prepared = Engine.PrepareScript(code);
        if (_scripts.Count < MaxCachedScripts)
        {
            _scripts.TryAdd(code, prepared);
        }

        return prepared;
    }

    private static string? AsText(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
