using System.Security.Claims;
using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Webhooks;

namespace TaskRouting.Server.Api;

/// <summary>A department's webhook subscriptions: create (the secret is shown once), list, delete, deliveries, test.</summary>
internal static class WebhookEndpoints
{
    public static void MapWebhooks(this RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Department);
        hooks.MapGet("/", (ClaimsPrincipal user, WebhookSubscriptions subscriptions, CancellationToken ct) =>
            DomainResults.RunAsync(() => subscriptions.ListAsync(Actor.FromPrincipal(user), ct), TypedResults.Ok));
        hooks.MapPost("/", (WebhookForm? form, ClaimsPrincipal user, WebhookSubscriptions subscriptions, CancellationToken ct) =>
            DomainResults.RunAsync(() => subscriptions.CreateAsync(Actor.FromPrincipal(user), form, ct), c => TypedResults.Created($"/api/webhooks/{c.Subscription.Id}", c)));
        hooks.MapDelete("/{id:guid}", (Guid id, ClaimsPrincipal user, WebhookSubscriptions subscriptions, CancellationToken ct) =>
            DomainResults.RunAsync(async () => { await subscriptions.DeleteAsync(Actor.FromPrincipal(user), id, ct); return true; }, _ => TypedResults.NoContent()));
        hooks.MapGet("/{id:guid}/deliveries", (Guid id, ClaimsPrincipal user, WebhookSubscriptions subscriptions, CancellationToken ct) =>
            DomainResults.RunAsync(() => subscriptions.DeliveriesAsync(Actor.FromPrincipal(user), id, ct), TypedResults.Ok));
        hooks.MapPost("/{id:guid}/ping", (Guid id, ClaimsPrincipal user, WebhookSubscriptions subscriptions, CancellationToken ct) =>
            DomainResults.RunAsync(() => subscriptions.PingAsync(Actor.FromPrincipal(user), id, ct), d => TypedResults.Accepted($"/api/webhooks/{id}/deliveries", d)));
    }
}
