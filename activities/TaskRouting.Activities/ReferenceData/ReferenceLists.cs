using TaskRouting.Platform.Http;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Activities.ReferenceData;

/// <summary>A list version as read: its items parsed.</summary>
public sealed record ReferenceListView(
    string District, ReferenceListKind Kind, int Version, DateOnly EffectiveFrom, string? Note, string CreatedBy, DateTimeOffset CreatedAt,
    IReadOnlyList<ReferenceItem> Items);

/// <summary>
/// The district's duty and negative lists, versioned with effective dates. The office publishes a whole new version
/// (an edit never rewrites what an earlier decision cited); anyone reads the version in effect on a date.
/// </summary>
public sealed class ReferenceLists(DbContext db, AuditTrail audit, TimeProvider time)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The version in effect on a date (null: none published yet, or none in effect that early).</summary>
    public async Task<ReferenceListView?> InEffectAsync(string district, ReferenceListKind kind, DateOnly on, CancellationToken cancellationToken)
    {
        var row = await db.Set<ReferenceListVersion>().AsNoTracking()
            .Where(v => v.District == district && v.Kind == kind && v.EffectiveFrom <= on)
            .OrderByDescending(v => v.EffectiveFrom).ThenByDescending(v => v.Version)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToView(row);
    }

    /// <summary>Every version of a list, newest first.</summary>
    public async Task<IReadOnlyList<ReferenceListView>> VersionsAsync(string district, ReferenceListKind kind, CancellationToken cancellationToken)
    {
        var rows = await db.Set<ReferenceListVersion>().AsNoTracking()
            .Where(v => v.District == district && v.Kind == kind).OrderByDescending(v => v.Version).ToListAsync(cancellationToken);
        return rows.Select(ToView).ToList();
    }

    /// <summary>Publishes a new version; refused with field errors when an item is incomplete, a code repeats or the date goes back.</summary>
    public async Task<ReferenceListView> PublishAsync(
        string district, ReferenceListKind kind, DateOnly effectiveFrom, IReadOnlyList<ReferenceItem>? items, string? note, Actor actor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var latest = await db.Set<ReferenceListVersion>().AsNoTracking()
            .Where(v => v.District == district && v.Kind == kind).OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);
        var errors = Validate(kind, effectiveFrom, items, note, latest);
        if (errors.Count > 0)
        {
            throw DomainRejection.Invalid(errors);
        }

        var row = new ReferenceListVersion
        {
            Id = Guid.NewGuid(),
            District = district,
            Kind = kind,
            Version = (latest?.Version ?? 0) + 1,
            EffectiveFrom = effectiveFrom,
            ItemsJson = JsonSerializer.Serialize(items, Json),
            Note = note,
            CreatedBy = actor.Name,
            CreatedAt = time.GetUtcNow(),
        };
        db.Add(row);
        audit.Record(db, actor, "reference-list.published", "reference-list", $"{district}:{kind}:v{row.Version}",
            latest is null ? null : new { latest.Version, latest.EffectiveFrom },
            new { row.Version, row.EffectiveFrom, items = items!.Count, note }, district);
        await audit.SaveChangesAsync(db, cancellationToken);
        return ToView(row);
    }

    private static List<FieldError> Validate(
        ReferenceListKind kind, DateOnly effectiveFrom, IReadOnlyList<ReferenceItem>? items, string? note, ReferenceListVersion? latest)
    {
        var errors = new List<FieldError>();
        if (latest is not null && effectiveFrom < latest.EffectiveFrom)
        {
            errors.Add(new("effectiveFrom", $"生效日期不能早于现行版本 {latest.Version} 的 {latest.EffectiveFrom:yyyy-MM-dd} / effectiveFrom cannot be before version {latest.Version}'s {latest.EffectiveFrom:yyyy-MM-dd}"));
        }

        if (note is { Length: > 1000 })
        {
            errors.Add(new("note", "说明不能超过 1000 个字符 / note must be at most 1000 characters"));
        }

        if (items is null || items.Count == 0)
        {
            errors.Add(new("items", "清单至少需要一项 / the list needs at least one item"));
            return errors;
        }

        if (items.Count > 2000)
        {
            errors.Add(new("items", "清单最多 2000 项 / the list holds at most 2000 items"));
        }

        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var at = $"items[{i}]";
            if (item is null)
            {
                errors.Add(new(at, "清单项不能为空 / an item cannot be null"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(item.Code) || item.Code.Length > 40)
            {
                errors.Add(new($"{at}.code", "编码不能为空且不超过 40 个字符 / code is required (at most 40 characters)"));
            }
            else if (!codes.Add(item.Code))
            {
                errors.Add(new($"{at}.code", $"编码 {item.Code} 重复 / code {item.Code} appears twice"));
            }

            if (string.IsNullOrWhiteSpace(item.TitleZh) || item.TitleZh.Length > 300)
            {
                errors.Add(new($"{at}.titleZh", "中文名称不能为空且不超过 300 个字符 / titleZh is required (at most 300 characters)"));
            }

            if (string.IsNullOrWhiteSpace(item.TitleEn) || item.TitleEn.Length > 300)
            {
                errors.Add(new($"{at}.titleEn", "英文名称不能为空且不超过 300 个字符 / titleEn is required (at most 300 characters)"));
            }

            var negative = kind == ReferenceListKind.NegativeList;
            if (negative != (item.Section == ReferenceSection.Negative))
            {
                errors.Add(new($"{at}.section", negative
                    ? "负面清单的事项须为 negative / items of the negative list have section negative"
                    : "职责清单的事项须为 statutory 或 assisting / duty list items are statutory or assisting"));
            }

            if (item.Keywords is { Count: > 20 } || item.Keywords?.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 40) == true)
            {
                errors.Add(new($"{at}.keywords", "关键词最多 20 个,每个 1–40 个字符 / at most 20 keywords of 1–40 characters"));
            }
        }

        return errors;
    }

    private static ReferenceListView ToView(ReferenceListVersion row) =>
        new(row.District, row.Kind, row.Version, row.EffectiveFrom, row.Note, row.CreatedBy, row.CreatedAt,
            JsonSerializer.Deserialize<List<ReferenceItem>>(row.ItemsJson, Json) ?? []);
}
