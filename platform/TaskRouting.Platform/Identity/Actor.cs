using System.Security.Claims;

namespace TaskRouting.Platform.Identity;

/// <summary>
/// Who is asking, read from the authenticated principal: id, roles and scope. Every endpoint asks it
/// what the caller may see; the checks live here so they are the same everywhere.
/// </summary>
public sealed class Actor
{
    private Actor(Guid? userId, string name, IReadOnlySet<Role> roles, string? district, string? department, string? street, string? community)
    {
        UserId = userId;
        Name = name;
        Roles = roles;
        District = district;
        Department = department;
        Street = street;
        Community = community;
    }

    public Guid? UserId { get; }
    public string Name { get; }
    public IReadOnlySet<Role> Roles { get; }
    public string? District { get; }
    public string? Department { get; }
    public string? Street { get; }
    public string? Community { get; }

    /// <summary>An admin with no district manages every district.</summary>
    public bool IsPlatformAdmin => Roles.Contains(Role.Admin) && District is null;

    /// <summary>The actor used for changes the platform makes by itself (seeding, jobs).</summary>
    public static Actor System { get; } = new(null, "system", new HashSet<Role> { Role.Admin }, null, null, null, null);

    /// <summary>
    /// A person who acted in a street subsystem, as its message names them (no roles here: the subsystem checked
    /// them). Used to audit changes that arrive over the bus.
    /// </summary>
    public static Actor FromSubsystem(string name, string district, string? street, string? community) =>
        new(null, name, new HashSet<Role>(), district, null, street, community);

    public bool IsIn(Role role) => Roles.Contains(role);

    /// <summary>True when the actor may see data of the district.</summary>
    public bool CanSeeDistrict(string districtCode) => IsPlatformAdmin || string.Equals(District, districtCode, StringComparison.Ordinal);

    public static Actor FromPrincipal(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var roles = principal.FindAll(ClaimTypes.Role)
            .Select(c => Enum.TryParse<Role>(c.Value, ignoreCase: true, out var r) ? (Role?)r : null)
            .OfType<Role>()
            .ToHashSet();
        var id = Guid.TryParse(principal.FindFirstValue(TaskRoutingClaims.UserId), out var g) ? g : (Guid?)null;
        return new Actor(
            id,
            principal.Identity?.Name ?? "anonymous",
            roles,
            principal.FindFirstValue(TaskRoutingClaims.District),
            principal.FindFirstValue(TaskRoutingClaims.Department),
            principal.FindFirstValue(TaskRoutingClaims.Street),
            principal.FindFirstValue(TaskRoutingClaims.Community));
    }

    /// <summary>Builds the principal for an account; the claims carry roles and scope.</summary>
    public static ClaimsPrincipal ToPrincipal(UserAccount user, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(TaskRoutingClaims.UserId, user.Id.ToString()),
            new(ClaimTypes.Name, user.UserName),
            new(TaskRoutingClaims.AuthMethod, authenticationType),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        AddIfPresent(claims, TaskRoutingClaims.District, user.DistrictCode);
        AddIfPresent(claims, TaskRoutingClaims.Department, user.DepartmentCode);
        AddIfPresent(claims, TaskRoutingClaims.Street, user.StreetCode);
        AddIfPresent(claims, TaskRoutingClaims.Community, user.CommunityCode);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    private static void AddIfPresent(List<Claim> claims, string type, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims.Add(new Claim(type, value));
        }
    }
}
