using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace TaskRouting.Platform.Identity;

/// <summary>
/// Authenticates <c>Authorization: ApiKey &lt;key&gt;</c> (the form Elsa Studio's <c>api-key</c> attribute sends)
/// against the hashed keys in the database. A revoked key, a disabled account or an unknown key fails.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DbContext db) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string Prefix = "ApiKey ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers[HeaderNames.Authorization];
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = header[Prefix.Length..].Trim();
        var prefix = ApiKeys.PrefixOf(key);
        if (prefix is null)
        {
            return AuthenticateResult.Fail("Malformed API key");
        }

        var ct = Context.RequestAborted;
        // The key and its account in one round trip: every API-key request pays for this.
        var stored = await db.Set<ApiKey>().AsNoTracking().Where(k => k.Prefix == prefix)
            .Select(k => new { k.Hash, k.RevokedAt, User = db.Set<UserAccount>().AsNoTracking().FirstOrDefault(u => u.Id == k.UserId) })
            .FirstOrDefaultAsync(ct);
        if (stored is null || stored.RevokedAt is not null || !ApiKeys.Matches(key, stored.Hash))
        {
            return AuthenticateResult.Fail("Unknown or revoked API key");
        }

        var user = stored.User;
        if (user is null || user.Disabled)
        {
            return AuthenticateResult.Fail("The key's account is disabled");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(Actor.ToPrincipal(user, SchemeName), SchemeName));
    }
}
