namespace TaskRouting.Platform.Identity;

/// <summary>
/// A person or machine account. Scope: a district (null only for a platform admin), and for the
/// scoped roles the department, street or community they act for.
/// </summary>
public sealed class UserAccount
{
    public Guid Id { get; init; }
    public required string UserName { get; init; }
    public required string DisplayName { get; set; }
    /// <summary>PBKDF2 hash (see <see cref="PasswordHashing"/>); null for accounts that only sign in through SSO or API keys.</summary>
    public string? PasswordHash { get; set; }
    public List<Role> Roles { get; set; } = [];
    public string? DistrictCode { get; set; }
    public string? DepartmentCode { get; set; }
    public string? StreetCode { get; set; }
    public string? CommunityCode { get; set; }
    /// <summary>Subject of the OpenID Connect identity this account is linked to, if any.</summary>
    public string? ExternalSubject { get; set; }
    /// <summary>Seeded by the embedded default; production mode refuses to start while any exist.</summary>
    public bool IsDemo { get; init; }
    public bool Disabled { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A machine credential, sent as <c>Authorization: ApiKey &lt;key&gt;</c>. Only a hash is stored.</summary>
public sealed class ApiKey
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    /// <summary>The public part of the key, used to find the row without scanning hashes.</summary>
    public required string Prefix { get; init; }
    /// <summary>SHA-256 of the whole key, hex.</summary>
    public required string Hash { get; init; }
    public required string Name { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
}
