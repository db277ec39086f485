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

        var codes = rows.Select(r => r.Code?.Trim()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var districtRefs = rows.Select(r => r.District?.Trim()).OfType<string>().Concat(codes).ToHashSet(StringComparer.Ordinal);
        var districts = await db.Set<District>().Where(d => districtRefs.Contains(d.Code)).ToDictionaryAsync(d => d.Code, StringComparer.Ordinal, cancellationToken);
        var streetRefs = rows.Select(r => r.Street?.Trim()).OfType<string>().Concat(codes).ToHashSet(StringComparer.Ordinal);
        var streets = await db.Set<Street>().Where(s => streetRefs.Contains(s.Code)).ToDictionaryAsync(s => s.Code, StringComparer.Ordinal, cancellationToken);
        var communities = await db.Set<Community>().Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, cancellationToken);
        var departments = await db.Set<Department>().Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, StringComparer.Ordinal, cancellationToken);

        // What the file itself declares, so rows may reference units created earlier or later in the same file.
        var fileDistricts = new HashSet<string>(StringComparer.Ordinal);
        var fileStreets = new Dictionary<string, string>(StringComparer.Ordinal); // street -> district
        foreach (var row in rows)
        {
            var type = row.Type?.Trim().ToLowerInvariant();
            var code = row.Code?.Trim();
            if (code is null)
            {
                continue;
            }

            if (type == "district")
            {
                fileDistricts.Add(code);
            }
            else if (type == "street" && row.District is not null)
            {
                fileStreets.TryAdd(code, row.District.Trim());
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            ValidateRow(i + 1, rows[i], actor, seen, districts, streets, communities, departments, fileDistricts, fileStreets, errors);
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
            var type = row.Type!.Trim().ToLowerInvariant();
            var code = row.Code!.Trim();
            var nameZh = row.NameZh!.Trim();
            var nameEn = row.NameEn!.Trim();
            var district = type == "district" ? code : row.District!.Trim();
            (string Zh, string En)? before = type switch
            {
                "district" => districts.TryGetValue(code, out var d) ? (d.NameZh, d.NameEn) : null,
                "street" => streets.TryGetValue(code, out var s) ? (s.NameZh, s.NameEn) : null,
                "community" => communities.TryGetValue(code, out var c) ? (c.NameZh, c.NameEn) : null,
                _ => departments.TryGetValue(code, out var p) ? (p.NameZh, p.NameEn) : null,
            };
            if (before is { } b && b.Zh == nameZh && b.En == nameEn)
            {
                unchanged++;
                continue;
            }

            if (before is null)
            {
                created++;
                db.Add(type switch
                {
                    "district" => (object)new District { Code = code, NameZh = nameZh, NameEn = nameEn, CreatedAt = now },
                    "street" => new Street { Code = code, DistrictCode = district, NameZh = nameZh, NameEn = nameEn, CreatedAt = now },
                    "community" => new Community { Code = code, DistrictCode = district, StreetCode = row.Street!.Trim(), NameZh = nameZh, NameEn = nameEn, CreatedAt = now },
                    _ => new Department { Code = code, DistrictCode = district, NameZh = nameZh, NameEn = nameEn, CreatedAt = now },
                });
            }
            else
            {
                updated++;
                switch (type)
                {
                    case "district": districts[code].NameZh = nameZh; districts[code].NameEn = nameEn; break;
                    case "street": streets[code].NameZh = nameZh; streets[code].NameEn = nameEn; break;
                    case "community": communities[code].NameZh = nameZh; communities[code].NameEn = nameEn; break;
                    default: departments[code].NameZh = nameZh; departments[code].NameEn = nameEn; break;
                }
            }

            audit.Record(db, actor, before is null ? "organisation.created" : "organisation.renamed", type, code,
                before is { } old ? new { nameZh = old.Zh, nameEn = old.En } : null,
                new { type, code, nameZh, nameEn, district, street = row.Street?.Trim() },
                district);
        }

        await audit.SaveChangesAsync(db, cancellationToken);
        return new ImportResult(true, created, updated, unchanged, []);
    }

    private static int TypeOrder(string? type) => type?.Trim().ToLowerInvariant() switch
    {
        "district" => 0,
        "street" => 1,
        _ => 2,
    };

    private static void ValidateRow(
        int n, OrganisationRow row, Actor actor, HashSet<string> seen,
        Dictionary<string, District> districts, Dictionary<string, Street> streets,
        Dictionary<string, Community> communities, Dictionary<string, Department> departments,
        HashSet<string> fileDistricts, Dictionary<string, string> fileStreets, List<RowError> errors)
    {
        var type = row.Type?.Trim().ToLowerInvariant();
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
        }
        else if (!seen.Add(code))
        {
            errors.Add(new RowError(n, "code", $"编码 {code} 在文件中重复 / code {code} appears more than once in the file"));
        }

        CheckName(n, "nameZh", row.NameZh, errors);
        CheckName(n, "nameEn", row.NameEn, errors);

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

            if (code is not null && (streets.ContainsKey(code) || communities.ContainsKey(code) || departments.ContainsKey(code)))
            {
                errors.Add(new RowError(n, "code", $"编码 {code} 已被其他类型的单位使用 / code {code} is already used by a unit of another type"));
            }

            return;
        }

        if (string.IsNullOrEmpty(district))
        {
            errors.Add(new RowError(n, "district", "必须填写所属区 / district is required"));
            return;
        }

        if (!districts.ContainsKey(district) && !fileDistricts.Contains(district))
        {
            errors.Add(new RowError(n, "district", $"区 {district} 不存在 / unknown district {district}"));
        }
        else if (!actor.CanSeeDistrict(district))
        {
            errors.Add(new RowError(n, "district", $"无权修改区 {district} / you may not change district {district}"));
        }

        if (code is null)
        {
            return;
        }

        switch (type)
        {
            case "street":
                if (streets.TryGetValue(code, out var s) && s.DistrictCode != district)
                {
                    errors.Add(new RowError(n, "district", $"街道 {code} 属于区 {s.DistrictCode},不能移动 / street {code} belongs to district {s.DistrictCode} and cannot move"));
                }

                if (districts.ContainsKey(code) || communities.ContainsKey(code) || departments.ContainsKey(code))
                {
                    errors.Add(new RowError(n, "code", $"编码 {code} 已被其他类型的单位使用 / code {code} is already used by a unit of another type"));
                }

                break;
            case "community":
                if (string.IsNullOrEmpty(street))
                {
                    errors.Add(new RowError(n, "street", "社区必须填写所属街道 / a community needs its street"));
                    break;
                }

                var streetDistrict = streets.TryGetValue(street, out var st) ? st.DistrictCode
                    : fileStreets.TryGetValue(street, out var fd) ? fd : null;
                if (streetDistrict is null)
                {
                    errors.Add(new RowError(n, "street", $"街道 {street} 不存在 / unknown street {street}"));
                }
                else if (streetDistrict != district)
                {
                    errors.Add(new RowError(n, "street", $"街道 {street} 不属于区 {district} / street {street} is not in district {district}"));
                }

                if (communities.TryGetValue(code, out var c) && (c.DistrictCode != district || c.StreetCode != street))
                {
                    errors.Add(new RowError(n, "street", $"社区 {code} 属于街道 {c.StreetCode},不能移动 / community {code} belongs to street {c.StreetCode} and cannot move"));
                }

                if (districts.ContainsKey(code) || streets.ContainsKey(code) || departments.ContainsKey(code))
                {
                    errors.Add(new RowError(n, "code", $"编码 {code} 已被其他类型的单位使用 / code {code} is already used by a unit of another type"));
                }

                break;
            default:
                if (departments.TryGetValue(code, out var d) && d.DistrictCode != district)
                {
                    errors.Add(new RowError(n, "district", $"部门 {code} 属于区 {d.DistrictCode},不能移动 / department {code} belongs to district {d.DistrictCode} and cannot move"));
                }

                if (districts.ContainsKey(code) || streets.ContainsKey(code) || communities.ContainsKey(code))
                {
                    errors.Add(new RowError(n, "code", $"编码 {code} 已被其他类型的单位使用 / code {code} is already used by a unit of another type"));
                }

                break;
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
