using TaskRouting.Platform.Http;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;
using TaskRouting.Server.Data;

namespace TaskRouting.Server.Api;

/// <summary>Reading the audit trail and verifying its hash chains (auditors, supervisors, admins; scoped by district).</summary>
internal static class AuditEndpoints
{
    public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Total, int Page, int PageSize);

    public sealed record VerificationReport(bool Valid, IReadOnlyList<ChainVerification> Chains);

    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Policies.Auditor);
        group.MapGet("/", ListAsync);
        group.MapGet("/verify", VerifyAsync);
        return group;
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct,
        string? chain = null, string? entityType = null, string? entityId = null, int page = 1, int pageSize = 50)
    {
        var errors = new FieldErrors().Paging(page, pageSize);

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var actor = Actor.FromPrincipal(user);
        var chains = VisibleChains(actor, chain);
        if (chains is null)
        {
            return ApiProblems.Forbidden($"您不能查看 {chain} 的审计记录 / You may not read the audit trail of {chain}");
        }

        var query = db.Set<AuditEntry>().AsNoTracking();
        if (chains.Count > 0)
        {
            query = query.Where(e => chains.Contains(e.Chain));
        }

        if (entityType is not null)
        {
            query = query.Where(e => e.EntityType == entityType);
        }

        if (entityId is not null)
        {
            query = query.Where(e => e.EntityId == entityId);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(e => e.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new AuditPage(items, total, page, pageSize));
    }

    private static async Task<Results<Ok<VerificationReport>, ProblemHttpResult>> VerifyAsync(
        ClaimsPrincipal user, TaskRoutingDbContext db, CancellationToken ct, string? chain = null)
    {
        var actor = Actor.FromPrincipal(user);
        var chains = VisibleChains(actor, chain);
        if (chains is null)
        {
            return ApiProblems.Forbidden($"您不能校验 {chain} 的审计链 / You may not verify the chain of {chain}");
        }

        if (chains.Count == 0)
        {
            // A platform admin verifies every chain there is.
            chains = await db.Set<District>().Select(d => d.Code).ToListAsync(ct);
            chains.Add(AuditTrail.PlatformChain);
        }

        var results = await AuditTrail.VerifyAsync(db, chains, ct);
        return TypedResults.Ok(new VerificationReport(results.All(r => r.Valid), results));
    }

    /// <summary>The chains the actor may read: empty for "all" (platform admin), null when the requested one is out of scope.</summary>
    private static List<string>? VisibleChains(Actor actor, string? requested)
    {
        if (actor.IsPlatformAdmin)
        {
            return requested is null ? [] : [requested];
        }

        if (actor.District is null)
        {
            return null;
        }

        return requested is null || requested == actor.District ? [actor.District] : null;
    }
}
