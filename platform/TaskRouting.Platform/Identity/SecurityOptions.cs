using System.ComponentModel.DataAnnotations;

namespace TaskRouting.Platform.Identity;

/// <summary>Authentication settings (section <c>TaskRouting:Security</c>).</summary>
public sealed class SecurityOptions
{
    public const string Section = "TaskRouting:Security";

    /// <summary>How long a login cookie stays valid without activity. Default 8 hours.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Login attempts allowed per client address and user name in <see cref="LoginWindow"/>. Default 5.</summary>
    [Range(1, 1000)]
    public int LoginAttemptsPerWindow { get; set; } = 5;

    /// <summary>The window of the login rate limit. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Cookies only over HTTPS. Default true in production mode, false on the embedded default.</summary>
    public bool? RequireHttpsCookies { get; set; }

    /// <summary>OpenID Connect single sign-on; off unless an authority is set.</summary>
    public OidcOptions Oidc { get; set; } = new();
}

/// <summary>
/// OpenID Connect settings (section <c>TaskRouting:Security:Oidc</c>). A signed-in identity is matched to a
/// TaskRouting account by its subject, or on first sign-in by <see cref="UserNameClaim"/>; roles and scope
/// always come from the TaskRouting account, never from the identity provider.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>The issuer, e.g. <c>https://sso.example.gov.cn/realms/district</c>. Empty disables SSO.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The claim holding the user name to link on first sign-in. Default <c>preferred_username</c>.</summary>
    public string UserNameClaim { get; set; } = "preferred_username";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
