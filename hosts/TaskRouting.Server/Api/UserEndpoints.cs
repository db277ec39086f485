using TaskRouting.Platform.Http;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;
using TaskRouting.Server.Data;

namespace TaskRouting.Server.Api;

/// <summary>Accounts and API keys, managed by admins within their district (a platform admin anywhere).</summary>
internal static partial class UserEndpoints
{
    public sealed record CreateUserRequest(
        string? UserName, string? DisplayName, string? Password, IReadOnlyList<string>? Roles,
        string? District, string? Department, string? Street, string? Community);

    public sealed record UserView(Guid Id, string UserName, string DisplayName, IReadOnlyList<string> Roles,
        string? District, string? Department, string? Street, string? Community, bool Disabled, bool IsDemo);

    public sealed record IssueKeyRequest(string? Name);

    public sealed record IssuedKey(Guid Id, string Name, string Key, string Note);

    [GeneratedRegex("^[A-Za-z0-9._-]{3,100}$")]
    private static partial Regex UserNamePattern();

    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        group.MapGet("/", ListAsync);
        group.MapPost("/", CreateAsync);
        group.MapPost("/{id:guid}/api-keys", IssueKeyAsync);
        group.MapDelete("/{id:guid}/api-keys/{keyId:guid}", RevokeKeyAsync);
        return group;
    }

    private static async Task<Ok<List<UserView>>> ListAsync(ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        var query = db.Set<UserAccount>().AsNoTracking();
        if (!actor.IsPlatformAdmin)
        {
            query = query.Where(u => u.DistrictCode == actor.District);
        }

        var users = await query.OrderBy(u => u.UserName).ToListAsync(ct);
        return TypedResults.Ok(users.Select(ToView).ToList());
    }

    private static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, ClaimsPrincipal user, TaskRoutingDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.UserName) || !UserNamePattern().IsMatch(request.UserName))
        {
            errors.Add("userName", "用户名须为 3–100 位字母、数字、点、下划线或连字符 / userName must be 3–100 letters, digits, '.', '_' or '-'");
        }

        errors.Required("displayName", request.DisplayName, "显示名称", "displayName");
        if (request.Password is { Length: < 12 })
        {
            errors.Add("password", "密码至少 12 个字符 / password must have at least 12 characters");
        }

        var roles = new List<Role>();
        foreach (var name in request.Roles ?? [])
        {
            if (Enum.TryParse<Role>(name, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(name, out _))
            {
                roles.Add(role);
            }
            else
            {
                errors.Add("roles", $"未知角色 {name} / unknown role {name}");
            }
        }

        if (roles.Count == 0 && (request.Roles is null || request.Roles.Count == 0))
        {
            errors.Add("roles", "至少需要一个角色 / at least one role is required");
        }

        var district = string.IsNullOrWhiteSpace(request.District) ? null : request.District.Trim();
        if (district is null && !(roles.Count == 1 && roles[0] == Role.Admin))
        {
            errors.Add("district", "除平台管理员外都必须属于一个区 / every account but a platform admin belongs to a district");
        }

        if (district is null && !actor.IsPlatformAdmin)
        {
            errors.Add("district", "只有平台管理员可以创建平台管理员 / only a platform admin may create a platform admin");
        }

        if (district is not null && !actor.CanSeeDistrict(district))
        {
            return ApiProblems.Forbidden($"您不能在区 {district} 创建账户 / You may not create accounts in district {district}");
        }

        if (district is not null && !await db.Set<District>().AnyAsync(d => d.Code == district, ct))
        {
            errors.Add("district", $"区 {district} 不存在 / unknown district {district}");
        }

        await CheckScopeAsync(db, request, roles, district, errors, ct);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await db.Set<UserAccount>().AnyAsync(u => u.UserName == request.UserName, ct))
        {
            return ApiProblems.Conflict($"用户名 {request.UserName} 已存在 / user name {request.UserName} is taken");
        }

        var account = new UserAccount
        {
            Id = Guid.NewGuid(),
            UserName = request.UserName!,
            DisplayName = request.DisplayName!.Trim(),
            PasswordHash = request.Password is null ? null : PasswordHashing.Hash(request.Password),
            Roles = roles.Distinct().ToList(),
            DistrictCode = district,
            DepartmentCode = Blank(request.Department),
            StreetCode = Blank(request.Street),
            CommunityCode = Blank(request.Community),
            CreatedAt = time.GetUtcNow(),
        };
        db.Add(account);
        var view = ToView(account);
        audit.Record(db, actor, "user.created", "user", account.Id.ToString(), null, view, district);
        await audit.SaveChangesAsync(db, ct);
        return TypedResults.Created($"/api/users/{account.Id}", view);
    }

    private static async Task CheckScopeAsync(TaskRoutingDbContext db, CreateUserRequest request, List<Role> roles, string? district, FieldErrors errors, CancellationToken ct)
    {
        var department = Blank(request.Department);
        var street = Blank(request.Street);
        var community = Blank(request.Community);
        if (roles.Contains(Role.Department) && department is null)
        {
            errors.Add("department", "部门角色必须指定部门 / the department role needs a department");
        }

        if (department is not null && !await db.Set<Department>().AnyAsync(d => d.Code == department && d.DistrictCode == district, ct))
        {
            errors.Add("department", $"区内没有部门 {department} / no department {department} in the district");
        }

        if (roles.Contains(Role.Street) && street is null)
        {
            errors.Add("street", "街道角色必须指定街道 / the street role needs a street");
        }

        if (roles.Contains(Role.Community) && community is null)
        {
            errors.Add("community", "社区角色必须指定社区 / the community role needs a community");
        }

        if (street is not null && !await db.Set<Street>().AnyAsync(s => s.Code == street && s.DistrictCode == district, ct))
        {
            errors.Add("street", $"区内没有街道 {street} / no street {street} in the district");
        }

        if (community is not null)
        {
            var found = await db.Set<Community>().AsNoTracking().FirstOrDefaultAsync(c => c.Code == community && c.DistrictCode == district, ct);
            if (found is null)
            {
                errors.Add("community", $"区内没有社区 {community} / no community {community} in the district");
            }
            else if (street is not null && found.StreetCode != street)
            {
                errors.Add("community", $"社区 {community} 不属于街道 {street} / community {community} is not in street {street}");
            }
        }
    }

    private static async Task<Results<Ok<IssuedKey>, ValidationProblem, ProblemHttpResult>> IssueKeyAsync(
        Guid id, IssueKeyRequest request, ClaimsPrincipal user, TaskRoutingDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors().Required("name", request.Name, "名称", "name");
        if (request.Name is { Length: > 100 })
        {
            errors.Add("name", "名称不能超过 100 个字符 / name must be at most 100 characters");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var actor = Actor.FromPrincipal(user);
        var account = await db.Set<UserAccount>().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (account is null || (account.DistrictCode is null ? !actor.IsPlatformAdmin : !actor.CanSeeDistrict(account.DistrictCode)))
        {
            return ApiProblems.NotFound($"没有账户 {id} / No account {id}");
        }

        var (plain, prefix, hash) = ApiKeys.Create();
        var key = new ApiKey { Id = Guid.NewGuid(), UserId = id, Prefix = prefix, Hash = hash, Name = request.Name!.Trim(), CreatedAt = time.GetUtcNow() };
        db.Add(key);
        audit.Record(db, actor, "apikey.issued", "user", id.ToString(), null, new { keyId = key.Id, key.Name, prefix }, account.DistrictCode);
        await audit.SaveChangesAsync(db, ct);
        return TypedResults.Ok(new IssuedKey(key.Id, key.Name, plain, "只显示这一次,请妥善保存 / Shown once: store it now"));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        Guid id, Guid keyId, ClaimsPrincipal user, TaskRoutingDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(user);
        var account = await db.Set<UserAccount>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        var key = await db.Set<ApiKey>().FirstOrDefaultAsync(k => k.Id == keyId && k.UserId == id, ct);
        if (account is null || key is null || (account.DistrictCode is null ? !actor.IsPlatformAdmin : !actor.CanSeeDistrict(account.DistrictCode)))
        {
            return ApiProblems.NotFound($"没有密钥 {keyId} / No key {keyId}");
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow();
            audit.Record(db, actor, "apikey.revoked", "user", id.ToString(), new { keyId, revoked = false }, new { keyId, revoked = true }, account.DistrictCode);
            await audit.SaveChangesAsync(db, ct);
        }

        return TypedResults.NoContent();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static UserView ToView(UserAccount u) => new(u.Id, u.UserName, u.DisplayName,
        u.Roles.Select(r => r.ToString().ToLowerInvariant()).ToList(), u.DistrictCode, u.DepartmentCode, u.StreetCode, u.CommunityCode, u.Disabled, u.IsDemo);
}
