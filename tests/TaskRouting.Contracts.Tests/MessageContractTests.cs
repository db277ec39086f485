using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit.Serialization;

namespace TaskRouting.Contracts.Tests;

/// <summary>
/// The message contracts' shape and their evolution rule: every message is an immutable sealed record; commands are
/// named in the imperative and events in the past tense; and every stored sample of an earlier version still reads
/// into today's type without losing a field (additive changes only; anything else is a new message).
/// </summary>
public class MessageContractTests
{
    private static readonly Type[] Contracts = typeof(IStreetMessage).Assembly.GetExportedTypes()
        .Where(t => t.IsClass && t.Namespace!.StartsWith("TaskRouting.Contracts.", StringComparison.Ordinal))
        .ToArray();

    /// <summary>The messages; the parts that travel inside them (<see cref="MessagePartAttribute"/>) are contracts too, but have no samples or verb rule.</summary>
    private static readonly Type[] Messages = Contracts.Where(t => !t.IsDefined(typeof(MessagePartAttribute), inherit: false)).ToArray();

    /// <summary>Commands the central side sends to street subsystems.</summary>
    private static readonly string[] Commands = ["RequestVote", "CloseVoting", "DispatchTask"];

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(AppContext.BaseDirectory, file));
        }

        return data;
    }

    [Fact]
    public void Messages_AreSealedRecordsWithInitOnlyProperties()
    {
        Assert.NotEmpty(Messages);
        Assert.Contains(typeof(TaskRouting.Contracts.Accountability.EvidenceAttachment), Contracts.Except(Messages));
        foreach (var type in Contracts)
        {
            Assert.True(type.IsSealed, $"{type.Name} is not sealed");
            Assert.NotNull(type.GetMethod("<Clone>$"));
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract"))
            {
                var setter = property.SetMethod;
                Assert.True(setter is null || setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)),
                    $"{type.Name}.{property.Name} can be changed after construction");
            }
        }
    }

    [Fact]
    public void Messages_CommandsAreImperative_EventsArePastTense()
    {
        foreach (var type in Messages)
        {
            if (Commands.Contains(type.Name))
            {
                Assert.False(type.Name.EndsWith("ed", StringComparison.Ordinal), type.Name);
            }
            else
            {
                Assert.True(type.Name.EndsWith("ed", StringComparison.Ordinal) || type.Name.EndsWith("Cast", StringComparison.Ordinal),
                    $"{type.Name} is neither a listed command nor named in the past tense");
            }
        }
    }

    [Fact]
    public void Messages_EachHasAVersion1Sample()
    {
        var samples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples"), "*.json", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
        Assert.All(Messages, t => Assert.Contains(t.Name, samples));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_OfAnEarlierVersion_ReadsIntoTodaysType_AndLosesNoField(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var type = Messages.Single(t => t.Name == name);
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, path));

        // A new required member or a renamed or retyped one fails here: that change needs a new message instead.
        var message = JsonSerializer.Deserialize(json, type, SystemTextJsonMessageSerializer.Options);
        Assert.NotNull(message);

        var original = JsonNode.Parse(json)!.AsObject();
        var written = JsonSerializer.SerializeToNode(message, type, SystemTextJsonMessageSerializer.Options)!.AsObject();
        foreach (var (field, value) in original)
        {
            Assert.True(written.ContainsKey(field), $"{name}.{field} is no longer written");
            Assert.True(SameValue(value, written[field]), $"{name}.{field}: {value?.ToJsonString()} became {written[field]?.ToJsonString()}");
        }
    }

    private static bool SameValue(JsonNode? left, JsonNode? right)
    {
        if (left is JsonValue l && right is JsonValue r && l.TryGetValue<string>(out var ls) && r.TryGetValue<string>(out var rs)
            && DateTimeOffset.TryParse(ls, System.Globalization.CultureInfo.InvariantCulture, out var lt)
            && DateTimeOffset.TryParse(rs, System.Globalization.CultureInfo.InvariantCulture, out var rt))
        {
            return lt == rt;
        }

        return JsonNode.DeepEquals(left, right) || (Number(left) is { } ln && Number(right) is { } rn && ln == rn);
    }

    /// <summary>MassTransit writes decimals as strings; a number is the same number either way.</summary>
    private static decimal? Number(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<decimal>(out var d) ? d
        : value.TryGetValue<string>(out var s) && decimal.TryParse(s, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out d) ? d : null
        : null;
}
