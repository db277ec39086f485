using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;
using TaskRouting.Server.Data;

namespace TaskRouting.Server.Hosting;

/// <summary>
/// The embedded default's demo: one district of 5 streets and 50 communities (the size of the Shibei survey),
/// six departments and one account per role. Passwords and API keys are random; they are written to
/// <c>demo-credentials.json</c> in the data folder (and renewed if that file is lost).
/// </summary>
internal sealed partial class DemoSeeder(TaskRoutingDbContext db, AuditTrail audit, TimeProvider time, ServerPaths paths, ILogger<DemoSeeder> logger)
{
    public const string DistrictCode = "370299";
    public const int Streets = 5;
    public const int CommunitiesPerStreet = 10;

    private static readonly (string Zh, string En)[] StreetNames =
    [
        ("海滨街道", "Haibin Street"), ("青山街道", "Qingshan Street"), ("枫林街道", "Fenglin Street"),
        ("湖光街道", "Huguang Street"), ("松涛街道", "Songtao Street"),
    ];

    private static readonly (string Code, string Zh, string En)[] Departments =
    [
        ("370299-MZ", "区民政局", "Civil Affairs Bureau"),
        ("370299-WJ", "区卫生健康局", "Health Commission"),
        ("370299-RS", "区人力资源和社会保障局", "Human Resources and Social Security Bureau"),
        ("370299-SJ", "区市场监督管理局", "Market Regulation Bureau"),
        ("370299-ZJ", "区住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
        ("370299-TJ", "区统计局", "Statistics Bureau"),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string StreetCode(int street) => string.Create(CultureInfo.InvariantCulture, $"{DistrictCode}{street:000}");

    public static string CommunityCode(int street, int community) => string.Create(CultureInfo.InvariantCulture, $"{DistrictCode}{street:000}{community:000}");

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (!await db.Set<District>().AnyAsync(d => d.Code == DistrictCode, cancellationToken))
        {
            SeedOrganisation();
        }

        var demoUsers = await db.Set<UserAccount>().Where(u => u.IsDemo).ToListAsync(cancellationToken);
        if (demoUsers.Count > 0 && File.Exists(paths.DemoCredentialsFile))
        {
            await audit.SaveChangesAsync(db, cancellationToken);
            LogCredentials(logger, paths.DemoCredentialsFile);
            Console.WriteLine($"演示账户 / demo accounts: {paths.DemoCredentialsFile}");
            return;
        }

        if (demoUsers.Count > 0)
        {
            // The credentials file was lost: nobody knows the old secrets any more, so retire them and issue new ones.
            var ids = demoUsers.Select(u => u.Id).ToList();
            await db.Set<ApiKey>().Where(k => ids.Contains(k.UserId) && k.RevokedAt == null)
                .ForEachAsync(k => k.RevokedAt = time.GetUtcNow(), cancellationToken);
        }

        var accounts = demoUsers.Count == 0 ? CreateAccounts() : demoUsers;
        var credentials = IssueCredentials(accounts);
        await audit.SaveChangesAsync(db, cancellationToken);

        Directory.CreateDirectory(paths.DataDirectory);
        await File.WriteAllTextAsync(paths.DemoCredentialsFile, JsonSerializer.Serialize(credentials, Json), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(paths.DemoCredentialsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        LogCredentials(logger, paths.DemoCredentialsFile);
        Console.WriteLine($"演示账户 / demo accounts: {paths.DemoCredentialsFile}");
    }

    private void SeedOrganisation()
    {
        var now = time.GetUtcNow();
        var district = new District { Code = DistrictCode, NameZh = "示范区", NameEn = "Demo District", CreatedAt = now };
        db.Add(district);
        audit.Record(db, Actor.System, "organisation.created", "district", district.Code, null, district, DistrictCode);
        for (var s = 1; s <= Streets; s++)
        {
            var street = new Street { Code = StreetCode(s), DistrictCode = DistrictCode, NameZh = StreetNames[s - 1].Zh, NameEn = StreetNames[s - 1].En, CreatedAt = now };
            db.Add(street);
            audit.Record(db, Actor.System, "organisation.created", "street", street.Code, null, street, DistrictCode);
            for (var c = 1; c <= CommunitiesPerStreet; c++)
            {
                var community = new Community
                {
                    Code = CommunityCode(s, c),
                    DistrictCode = DistrictCode,
                    StreetCode = street.Code,
                    NameZh = string.Create(CultureInfo.InvariantCulture, $"{StreetNames[s - 1].Zh[..2]}第{c}社区"),
                    NameEn = string.Create(CultureInfo.InvariantCulture, $"{StreetNames[s - 1].En.Split(' ')[0]} Community {c}"),
                    CreatedAt = now,
                };
                db.Add(community);
                audit.Record(db, Actor.System, "organisation.created", "community", community.Code, null, community, DistrictCode);
            }
        }

        foreach (var (code, zh, en) in Departments)
        {
            var department = new Department { Code = code, DistrictCode = DistrictCode, NameZh = zh, NameEn = en, CreatedAt = now };
            db.Add(department);
            audit.Record(db, Actor.System, "organisation.created", "department", code, null, department, DistrictCode);
        }
    }

    private List<UserAccount> CreateAccounts()
    {
        var now = time.GetUtcNow();
        UserAccount Account(string userName, string displayName, Role role, string? district = DistrictCode,
            string? department = null, string? street = null, string? community = null) => new()
            {
                Id = Guid.NewGuid(),
                UserName = userName,
                DisplayName = displayName,
                Roles = [role],
                DistrictCode = district,
                DepartmentCode = department,
                StreetCode = street,
                CommunityCode = community,
                IsDemo = true,
                CreatedAt = now,
            };

        var accounts = new List<UserAccount>
        {
            Account("admin", "平台管理员 / Platform admin", Role.Admin, district: null),
            Account("office", "指导委员会办公室 / Committee office", Role.Office),
            Account("committee", "指导委员会委员 / Committee member", Role.Committee),
            Account("department", "区民政局经办人 / Civil Affairs clerk", Role.Department, department: Departments[0].Code),
            Account("street", "海滨街道工作人员 / Haibin Street staff", Role.Street, street: StreetCode(1)),
            Account("community", "海滨第1社区工作人员 / Haibin Community 1 staff", Role.Community, street: StreetCode(1), community: CommunityCode(1, 1)),
            Account("supervisor", "督查室 / Inspection office", Role.Supervisor),
            Account("auditor", "审计局 / Audit bureau", Role.Auditor),
            Account("designer", "流程设计人员 / Workflow designer", Role.Designer),
            Account("operator", "运维人员 / Platform operator", Role.Operator),
        };
        foreach (var account in accounts)
        {
            db.Add(account);
            audit.Record(db, Actor.System, "user.created", "user", account.Id.ToString(), null,
                new { account.UserName, roles = account.Roles, account.DistrictCode, account.DepartmentCode, account.StreetCode, account.CommunityCode, demo = true },
                account.DistrictCode);
        }

        return accounts;
    }

    private object IssueCredentials(List<UserAccount> accounts)
    {
        var now = time.GetUtcNow();
        var passwords = accounts.ToDictionary(a => a.Id, _ => NewPassword());
        // A demo password sits in clear text in demo-credentials.json, so a slow hash would protect nothing; the
        // minimum work factor keeps the embedded default's cold start short. Real accounts use the full default.
        var hashes = new System.Collections.Concurrent.ConcurrentDictionary<Guid, string>();
        Parallel.ForEach(accounts, a => hashes[a.Id] = PasswordHashing.Hash(passwords[a.Id], iterations: 1_000));

        var list = new List<object>();
        foreach (var account in accounts)
        {
            account.PasswordHash = hashes[account.Id];
            var (plain, prefix, hash) = ApiKeys.Create();
            db.Add(new ApiKey { Id = Guid.NewGuid(), UserId = account.Id, Prefix = prefix, Hash = hash, Name = "demo", CreatedAt = now });
            audit.Record(db, Actor.System, "user.credentials-issued", "user", account.Id.ToString(), null, new { account.UserName, apiKeyPrefix = prefix, demo = true }, account.DistrictCode);
            list.Add(new
            {
                role = account.Roles[0].ToString().ToLowerInvariant(),
                userName = account.UserName,
                password = passwords[account.Id],
                apiKey = plain,
                district = account.DistrictCode,
                department = account.DepartmentCode,
                street = account.StreetCode,
                community = account.CommunityCode,
            });
        }

        return new
        {
            note = "演示账户,仅用于嵌入式默认模式;生产模式拒绝启动 / Demo accounts for the embedded default only; production mode refuses to start with them.",
            district = DistrictCode,
            accounts = list,
        };
    }

    private static string NewPassword() =>
        "Demo-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y').TrimEnd('=');

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo accounts, passwords and API keys are in {Path}")]
    private static partial void LogCredentials(ILogger logger, string path);
}
