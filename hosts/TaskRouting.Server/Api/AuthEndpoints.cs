using TaskRouting.Platform.Http;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform;
using TaskRouting.Platform.Identity;
using TaskRouting.Server.Data;
using TaskRouting.Server.Hosting;

namespace TaskRouting.Server.Api;

/// <summary>Cookie login for people (rate-limited), logout, who-am-I, and the SSO entry point.</summary>
internal static partial class AuthEndpoints
{
    public sealed record LoginRequest(string? UserName, string? Password);

    public sealed record Me(Guid? Id, string UserName, IReadOnlyList<string> Roles, string? District, string? Department, string? Street, string? Community, string AuthenticatedBy);

    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api, bool ssoEnabled)
    {
        var group = api.MapGroup("/auth").WithTags("Auth");
        group.MapPost("/login", LoginAsync).AllowAnonymous();
        group.MapPost("/logout", LogoutAsync).RequireAuthorization(Policies.Authenticated);
        group.MapGet("/me", GetMe).RequireAuthorization(Policies.Authenticated);
        if (ssoEnabled)
        {
            group.MapGet("/sso", (string? returnUrl) => TypedResults.Challenge(
                new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [PlatformServiceCollectionExtensions.OidcScheme]))
                .AllowAnonymous();
        }

        return group;
    }

    private static async Task<Results<Ok<Me>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, TaskRoutingDbContext db, HttpContext http, LoginThrottle throttle, ILoggerFactory loggers, CancellationToken ct)
    {
        using var attempt = throttle.TryAttempt(request.UserName, http.Connection.RemoteIpAddress);
        if (!attempt.IsAcquired)
        {
            if (attempt.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retry))
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return TypedResults.Problem(title: "登录尝试过多,请稍后再试 / Too many login attempts; try again later", statusCode: StatusCodes.Status429TooManyRequests);
        }

        var errors = new FieldErrors()
            .Required("userName", request.UserName, "用户名", "userName")
            .Required("password", request.Password, "密码", "password");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var user = await db.Set<UserAccount>().AsNoTracking().FirstOrDefaultAsync(u => u.UserName == request.UserName!.Trim(), ct);
        if (user is null || user.Disabled || !PasswordHashing.Verify(request.Password!, user.PasswordHash))
        {
            LogFailed(loggers.CreateLogger("TaskRouting.Auth"), request.UserName!, http.Connection.RemoteIpAddress?.ToString());
            return TypedResults.Problem(title: "用户名或密码错误 / Wrong user name or password", statusCode: StatusCodes.Status401Unauthorized);
        }

        var principal = Actor.ToPrincipal(user, CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return TypedResults.Ok(ToMe(principal));
    }

    private static async Task<NoContent> LogoutAsync(HttpContext http, ILoggerFactory loggers)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        LogLoggedOut(loggers.CreateLogger("TaskRouting.Auth"), http.User.Identity?.Name);
        return TypedResults.NoContent();
    }

    private static Ok<Me> GetMe(ClaimsPrincipal user) => TypedResults.Ok(ToMe(user));

    private static Me ToMe(ClaimsPrincipal principal)
    {
        var actor = Actor.FromPrincipal(principal);
        return new Me(actor.UserId, actor.Name, actor.Roles.Select(r => r.ToString().ToLowerInvariant()).Order(StringComparer.Ordinal).ToList(),
            actor.District, actor.Department, actor.Street, actor.Community,
            principal.FindFirstValue(TaskRoutingClaims.AuthMethod) ?? "unknown");
    }

    /// <summary>Only local paths, so the SSO round trip cannot be turned into an open redirect.</summary>
    private static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.Contains('\\', StringComparison.Ordinal)
            ? returnUrl
            : "/";

    [LoggerMessage(Level = LogLevel.Information, Message = "{UserName} logged out")]
    private static partial void LogLoggedOut(ILogger logger, string? userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed login for {UserName} from {Address}")]
    private static partial void LogFailed(ILogger logger, string userName, string? address);
}
