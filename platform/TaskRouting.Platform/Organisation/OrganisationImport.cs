using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Platform.Organisation;

/// <summary>
/// One row of an organisation import, the same in CSV (header <c>type,code,nameZh,nameEn,district,street</c>)
/// and JSON (<c>{"rows":[{...}]}</c>). <c>type</c> is district, street, community or department;
/// <c>district</c> is required for all but districts, <c>street</c> for communities.
/// </summary>
public sealed record OrganisationRow(string? Type, string? Code, string? NameZh, string? NameEn, string? District, string? Street);

/// <summary>A problem with one field of one row (rows count from 1, as a person reads the file).</summary>
public sealed record RowError(int Row, string Field, string Message);

/// <summary>What an import did, or why it did nothing.</summary>
public sealed record ImportResult(bool Succeeded, int Created, int Updated, int Unchanged, IReadOnlyList<RowError> Errors);

/// <summary>
/// Imports districts, streets, communities and departments. Every row is checked first; when any row is
/// bad nothing is written and every problem is reported with its row and field. Existing units are
/// updated (names only: a unit never moves to another district or street), new ones created, each change audited.
/// </summary>
public sealed partial class OrganisationImporter(TimeProvider time, AuditTrail audit)
{
    public const int MaxRows = 100_000;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{1,31}$")]
    private static partial Regex CodePattern();

    /// <summary>Reads CSV rows; a malformed file yields a row error instead of an exception.</summary>
    public static (IReadOnlyList<OrganisationRow> Rows, IReadOnlyList<RowError> Errors) ParseCsv(TextReader reader)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.Trim().Replace("_", "", StringComparison.Ordinal).ToLowerInvariant(),
            MissingFieldFound = null,
            HeaderValidated = null,
            TrimOptions = TrimOptions.Trim,
        };
        using var csv = new CsvReader(reader, config);
        var rows = new List<OrganisationRow>();
        try
        {
            if (!csv.Read() || !csv.ReadHeader())
            {
                return ([], [new RowError(0, "file", "空文件或缺少表头 / The file is empty or has no header row")]);
            }

            var header = csv.HeaderRecord!.Select(h => h.Trim().Replace("_", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
            var missing = new[] { "type", "code", "namezh", "nameen", "district", "street" }.Where(h => !header.Contains(h)).ToList();
            if (missing.Count > 0)
            {
                return ([], [new RowError(0, "header", $"表头缺少列 / The header lacks columns: {string.Join(", ", missing)}")]);
            }

            while (csv.Read())
            {
                rows.Add(new OrganisationRow(
                    csv.GetField("type"), csv.GetField("code"), csv.GetField("namezh"),
                    csv.GetField("nameen"), csv.GetField("district"), csv.GetField("street")));
                if (rows.Count > MaxRows)
                {
                    return ([], [new RowError(rows.Count, "file", $"超过 {MaxRows} 行 / More than {MaxRows} rows")]);
                }
            }
        }
        catch (CsvHelperException ex)
        {
            return ([], [new RowError(rows.Count + 1, "file", $"CSV 格式错误 / Malformed CSV: {ex.GetType().Name}")]);
        }

        return (rows, []);
    }

    /// <summary>Validates every row, then writes all of them in one transaction, or none.</summary>
    public async Task<ImportResult> ImportAsync(DbContext db, Actor actor, IReadOnlyList<OrganisationRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(rows);

        var errors = new List<RowError>();
        if (rows.Count == 0)
        {
            errors.Add(new RowError(0, "rows", "没有数据行 / No rows to import"));
        }
        else if (rows.Count > MaxRows)
        {
            errors.Add(new RowError(0, "rows", $"超过 {MaxRows} 行 / More than {MaxRows} rows"));
        }

        if (errors.Count > 0)
        {
            return new ImportResult(false, 0, 0, 0, errors);
        }

        var existing = await LoadExistingAsync(db, rows, cancellationToken);

        // What the file itself declares, so rows may reference units created earlier or later in the same file.
        var fileDistricts = new HashSet<string>(StringComparer.Ordinal);
        var fileStreets = new Dictionary<string, string>(StringComparer.Ordinal); // street -> district
        foreach (var row in rows)
        {
            var code = row.Code?.Trim();
            switch (Normalise(row.Type))
            {
                case "district" when code is not null:
                    fileDistricts.Add(code);
                    break;
                case "street" when code is not null && row.District is not null:
                    fileStreets.TryAdd(code, row.District.Trim());
                    break;
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            ValidateRow(i + 1, rows[i], actor, seen, existing, fileDistricts, fileStreets, errors);
        }

        if (errors.Count > 0)
        {
            return new ImportResult(false, 0, 0, 0, errors);
        }

        var now = time.GetUtcNow();
        int created = 0, updated = 0, unchanged = 0;
        // Districts first, then streets, then the rest, so foreign keys hold whatever the file's order.
        foreach (var row in rows.OrderBy(r => TypeOrder(r.Type)))
        {
            var type = Normalise(row.Type)!;
            var code = row.Code!.Trim();
            var nameZh = row.NameZh!.Trim();
            var nameEn = row.NameEn!.Trim();
            var district = type == "district" ? code : row.District!.Trim();
            var street = row.Street?.Trim();
            existing.TryGetValue(code, out var unit);
            if (unit is not null && unit.NameZh == nameZh && unit.NameEn == nameEn)
            {
                unchanged++;
                continue;
            }

            var before = unit is null ? null : new { nameZh = unit.NameZh, nameEn = unit.NameEn };
            if (unit is null)
            {
                created++;
                db.Add(type switch
                {
                    "district" => (object)new District { Code = code, NameZh = nameZh, NameEn = nameEn, CreatedAt = now },
                    "street" => new Street { Code = code, DistrictCode = district, NameZh = nameZh, NameEn = nameEn, CreatedAt = now },
                    "community" => new Community { Code = code, DistrictCode = district, StreetCode = street!, NameZh = nameZh, NameEn = nameEn, CreatedAt = now },
                    _ => new Department { Code = code, DistrictCode = district, NameZh = nameZh, NameEn = nameEn, CreatedAt = now },
                });
            }
            else
            {
                updated++;
                unit.NameZh = nameZh;
                unit.NameEn = nameEn;
            }

            audit.Record(db, actor, unit is null ? "organisation.created" : "organisation.renamed", type, code,
                before, new { type, code, nameZh, nameEn, district, street }, district);
        }

        await audit.SaveChangesAsync(db, cancellationToken);
        return new ImportResult(true, created, updated, unchanged, []);
    }

    /// <summary>Every unit the file names, by code, whatever its type (codes are unique across types).</summary>
    private static async Task<Dictionary<string, IOrganisationUnit>> LoadExistingAsync(
        DbContext db, IReadOnlyList<OrganisationRow> rows, CancellationToken cancellationToken)
    {
        var codes = rows.SelectMany(r => new[] { r.Code, r.District, r.Street })
            .Select(c => c?.Trim()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var units = new List<IOrganisationUnit>();
        units.AddRange(await db.Set<District>().Where(u => codes.Contains(u.Code)).ToListAsync(cancellationToken));
        units.AddRange(await db.Set<Street>().Where(u => codes.Contains(u.Code)).ToListAsync(cancellationToken));
        units.AddRange(await db.Set<Community>().Where(u => codes.Contains(u.Code)).ToListAsync(cancellationToken));
        units.AddRange(await db.Set<Department>().Where(u => codes.Contains(u.Code)).ToListAsync(cancellationToken));
        return units.ToDictionary(u => u.Code, StringComparer.Ordinal);
    }

    private static string? Normalise(string? type) => type?.Trim().ToLowerInvariant();

    private static string TypeOf(IOrganisationUnit unit) => unit switch
    {
        District => "district",
        Street => "street",
        Community => "community",
        _ => "department",
    };

    private static int TypeOrder(string? type) => Normalise(type) switch
    {
        "district" => 0,
        "street" => 1,
        _ => 2,
    };

    private static void ValidateRow(
        int n, OrganisationRow row, Actor actor, HashSet<string> seen, Dictionary<string, IOrganisationUnit> existing,
        HashSet<string> fileDistricts, Dictionary<string, string> fileStreets, List<RowError> errors)
    {
        var type = Normalise(row.Type);
        var code = row.Code?.Trim();
        var district = row.District?.Trim();
        var street = row.Street?.Trim();

        if (type is not ("district" or "street" or "community" or "department"))
        {
            errors.Add(new RowError(n, "type", "类型必须是 district、street、community 或 department / type must be district, street, community or department"));
            return;
        }

        if (string.IsNullOrEmpty(code) || !CodePattern().IsMatch(code))
        {
            errors.Add(new RowError(n, "code", "编码须为 2–32 位字母、数字或连字符 / code must be 2–32 letters, digits or hyphens"));
            code = null;
        }
        else if (!seen.Add(code))
        {
            errors.Add(new RowError(n, "code", $"编码 {code} 在文件中重复 / code {code} appears more than once in the file"));
        }

        CheckName(n, "nameZh", row.NameZh, errors);
        CheckName(n, "nameEn", row.NameEn, errors);

        var unit = code is null ? null : existing.GetValueOrDefault(code);
        if (unit is not null && TypeOf(unit) != type)
        {
            errors.Add(new RowError(n, "code", $"编码 {code} 已被其他类型的单位使用 / code {code} is already used by a unit of another type"));
            unit = null;
        }

        if (type == "district")
        {
            if (!string.IsNullOrEmpty(district) && district != code)
            {
                errors.Add(new RowError(n, "district", "区行的 district 列须为空或等于 code / a district row's district must be empty or equal its code"));
            }

            if (!actor.IsPlatformAdmin && code != actor.District)
            {
                errors.Add(new RowError(n, "code", "只有平台管理员可以新建或修改其他区 / only a platform admin may create or change another district"));
            }

            return;
        }

        if (string.IsNullOrEmpty(district))
        {
            errors.Add(new RowError(n, "district", "必须填写所属区 / district is required"));
            return;
        }

        if (existing.GetValueOrDefault(district) is not District && !fileDistricts.Contains(district))
        {
            errors.Add(new RowError(n, "district", $"区 {district} 不存在 / unknown district {district}"));
        }
        else if (!actor.CanSeeDistrict(district))
        {
            errors.Add(new RowError(n, "district", $"无权修改区 {district} / you may not change district {district}"));
        }

        if (unit is not null && unit.DistrictCode != district)
        {
            errors.Add(new RowError(n, "district", $"{code} 属于区 {unit.DistrictCode},不能移动 / {code} belongs to district {unit.DistrictCode} and cannot move"));
        }

        if (type != "community")
        {
            return;
        }

        if (string.IsNullOrEmpty(street))
        {
            errors.Add(new RowError(n, "street", "社区必须填写所属街道 / a community needs its street"));
            return;
        }

        var streetDistrict = existing.GetValueOrDefault(street) is Street st ? st.DistrictCode : fileStreets.GetValueOrDefault(street);
        if (streetDistrict is null)
        {
            errors.Add(new RowError(n, "street", $"街道 {street} 不存在 / unknown street {street}"));
        }
        else if (streetDistrict != district)
        {
            errors.Add(new RowError(n, "street", $"街道 {street} 不属于区 {district} / street {street} is not in district {district}"));
        }

        if (unit is Community c && c.StreetCode != street)
        {
            errors.Add(new RowError(n, "street", $"社区 {code} 属于街道 {c.StreetCode},不能移动 / community {code} belongs to street {c.StreetCode} and cannot move"));
        }
    }

    private static void CheckName(int n, string field, string? value, List<RowError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new RowError(n, field, "名称不能为空 / name is required"));
        }
        else if (value.Trim().Length > 200)
        {
            errors.Add(new RowError(n, field, "名称不能超过 200 个字符 / name must be at most 200 characters"));
        }
    }
}
