using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;

namespace TaskRouting.Platform;

/// <summary>The platform's one DI entry point.</summary>
public static class PlatformServiceCollectionExtensions
{
    /// <summary>The default scheme: API key when the request carries one, else the login cookie.</summary>
    public const string DefaultScheme = "TaskRouting";
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>
    /// Registers the audit trail, organisation import, authentication (cookie, API key, optional OpenID Connect)
    /// and the role policies. The host must register its <see cref="DbContext"/> as <c>DbContext</c> too.
    /// </summary>
    public static IServiceCollection AddTaskRoutingPlatform(this IServiceCollection services, IConfiguration configuration, bool production)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AuditTrail>();
        services.AddScoped<OrganisationImporter>();
        services.AddExceptionHandler<Http.BadRequestExceptionHandler>();

        services.AddOptions<SecurityOptions>()
            .Bind(configuration.GetSection(SecurityOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => !o.Oidc.Enabled || !string.IsNullOrWhiteSpace(o.Oidc.ClientId),
                "TaskRouting:Security:Oidc:ClientId is required when TaskRouting:Security:Oidc:Authority is set")
            .Validate(o => !o.Oidc.Enabled || (Uri.TryCreate(o.Oidc.Authority, UriKind.Absolute, out var a) && a.Scheme == Uri.UriSchemeHttps),
                "TaskRouting:Security:Oidc:Authority must be an absolute https:// URL")
            .ValidateOnStart();
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();

        var auth = services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "API key or cookie", o =>
            {
                o.ForwardDefaultSelector = ctx =>
                    ctx.Request.Headers[HeaderNames.Authorization].ToString().StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase)
                        ? ApiKeyAuthenticationHandler.SchemeName
                        : CookieAuthenticationDefaults.AuthenticationScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "tr.auth";
                o.Cookie.HttpOnly = true;
                // Lax: the Studio runs same-origin and sends no anti-forgery token; cross-site POSTs carry no cookie.
                o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
                o.Cookie.SecurePolicy = security.RequireHttpsCookies ?? production
                    ? CookieSecurePolicy.Always
                    : CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = security.CookieLifetime;
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/login";
                o.Events.OnRedirectToLogin = ctx => Answer(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Answer(ctx, StatusCodes.Status403Forbidden);
            });

        if (security.Oidc.Enabled)
        {
            auth.AddOpenIdConnect(OidcScheme, o =>
            {
                o.Authority = security.Oidc.Authority;
                o.ClientId = security.Oidc.ClientId;
                o.ClientSecret = security.Oidc.ClientSecret;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.Scope.Add("profile");
                o.MapInboundClaims = false;
                o.Events.OnTokenValidated = ctx => LinkExternalIdentityAsync(ctx, security.Oidc);
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Authenticated, p => p.RequireAuthenticatedUser())
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddAuthorization(o =>
        {
            foreach (var (name, roles) in Policies.Roles)
            {
                o.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles.Select(r => r.ToString())));
            }
        });
        return services;
    }

    /// <summary>API and Studio calls get a status code; a browser asking for a page goes to the login page.</summary>
    private static Task Answer(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        var accept = ctx.Request.Headers[HeaderNames.Accept].ToString();
        var isPage = HttpMethods.IsGet(ctx.Request.Method)
            && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase)
            && !ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && !ctx.Request.Path.StartsWithSegments("/elsa/api", StringComparison.OrdinalIgnoreCase);
        if (isPage && status == StatusCodes.Status401Unauthorized)
        {
            ctx.Response.Redirect(ctx.RedirectUri);
            return Task.CompletedTask;
        }

        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static async Task LinkExternalIdentityAsync(Microsoft.AspNetCore.Authentication.OpenIdConnect.TokenValidatedContext ctx, OidcOptions oidc)
    {
        var principal = ctx.Principal!;
        var subject = principal.FindFirstValue("sub");
        var userName = principal.FindFirstValue(oidc.UserNameClaim);
        var db = ctx.HttpContext.RequestServices.GetRequiredService<DbContext>();
        var ct = ctx.HttpContext.RequestAborted;
        var user = subject is null ? null : await db.Set<UserAccount>().FirstOrDefaultAsync(u => u.ExternalSubject == subject, ct);
        if (user is null && userName is not null)
        {
            user = await db.Set<UserAccount>().FirstOrDefaultAsync(u => u.UserName == userName && u.ExternalSubject == null, ct);
            if (user is not null && subject is not null)
            {
                var audit = ctx.HttpContext.RequestServices.GetRequiredService<AuditTrail>();
                user.ExternalSubject = subject;
                audit.Record(db, Actor.FromPrincipal(Actor.ToPrincipal(user, OidcScheme)), "user.linked-sso", "user", user.Id.ToString(),
                    null, new { externalSubject = subject }, user.DistrictCode);
                await audit.SaveChangesAsync(db, ct);
            }
        }

        if (user is null || user.Disabled)
        {
            ctx.Fail("没有与此身份对应的 TaskRouting 账户 / No TaskRouting account for this identity");
            return;
        }

        ctx.Principal = Actor.ToPrincipal(user, OidcScheme);
    }

    /// <summary>Reads validated security options (for hosts that configure endpoints from them).</summary>
    /// <summary>
    /// Registers the department webhooks: subscriptions (<see cref="Webhooks.WebhookSubscriptions"/>) and the dispatcher that delivers
    /// the events committed in <typeparamref name="TContext"/> (which applies <c>ApplyWebhookModel()</c>). Data protection must be configured.
    /// </summary>
    public static IServiceCollection AddWebhookDelivery<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<Webhooks.WebhookOptions>().Bind(configuration.GetSection(Webhooks.WebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<Webhooks.WebhookSubscriptions>();
        services.AddHttpClient(Webhooks.WebhookDispatcher<TContext>.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new System.Net.Http.SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddHostedService<Webhooks.WebhookDispatcher<TContext>>();
        return services;
    }

    public static SecurityOptions GetSecurityOptions(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<SecurityOptions>>().Value;
}
