using System.Text.Json.Nodes;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Server.Elsa;

/// <summary>
/// The part of Elsa 3's REST API that Elsa Studio 3.8 uses, served under <c>/elsa/api</c> from TaskRouting's own
/// runtime (the contract is in docs/elsa-studio.md). Workflow readers (designers, operators, supervisors, admins)
/// may call it; everyone else gets 403. Writes need the designer role.
/// </summary>
internal static class ElsaApi
{
    public const string BasePath = "/elsa/api";

    public static IEndpointRouteBuilder MapElsaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath).RequireAuthorization(Policies.WorkflowReader).WithTags("Elsa Studio API");
        api.MapElsaDescriptors();
        api.MapElsaDefinitions();
        api.MapElsaInstances();
        // No optional Elsa features (real-time updates, alterations, resilience): the Studio then polls and hides them.
        api.MapGet("/features/installed", () => TypedResults.Ok(new JsonObject { ["items"] = new JsonArray(), ["count"] = 0 }));
        api.MapGet("/package/version", () => TypedResults.Ok(new JsonObject { ["packageVersion"] = ElsaDefinitionModel.ToolVersion }));
        return app;
    }
}
