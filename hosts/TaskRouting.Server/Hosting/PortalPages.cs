using System.Security.Claims;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Server.Hosting;

/// <summary>
/// The people-facing pages: each with the roles that may open it. A page outside the caller's roles answers with a
/// bilingual "no access" page (403), an anonymous visitor goes to sign in; the navigation lists only what the caller
/// may open. The pages are static files that read the scoped API, so a page never shows more than the API allows.
/// </summary>
internal static class PortalPages
{
    /// <summary>A page: its path, its file under wwwroot (null: served elsewhere, e.g. the Studio), who may open it (empty: anyone), its title.</summary>
    public sealed record Page(string Path, string? File, Role[] Roles, string TitleZh, string TitleEn);

    public static IReadOnlyList<Page> All { get; } =
    [
        new("/notices", "notices.html", [], "全区通报", "Notices"),
        new("/lists", "lists.html", [], "职责与计划清单", "Duty and plan lists"),
        new("/burden", "burden.html", [Role.Office, Role.Committee, Role.Supervisor, Role.Auditor, Role.Street, Role.Community], "负担看板", "Burden"),
        new("/portal/inbox", "portal/inbox.html", [Role.Department, Role.Office, Role.Committee, Role.Street, Role.Community, Role.Supervisor, Role.Auditor, Role.Designer, Role.Operator, Role.Admin], "我的待办", "My inbox"),
        new("/portal/department", "portal/department.html", [Role.Department], "部门工作台", "Department desk"),
        new("/portal/office", "portal/office.html", [Role.Office], "委员会办公室", "Committee office"),
        new("/portal/committee", "portal/committee.html", [Role.Committee], "委员会审批", "Committee approvals"),
        new("/portal/street", "portal/street.html", [Role.Street, Role.Community], "街道与社区工作台", "Street and community desk"),
        new("/portal/supervisor", "portal/supervisor.html", [Role.Supervisor], "督查工作台", "Inspection office desk"),
        new("/portal/operator", "portal/operator.html", [Role.Operator, Role.Admin], "运维工作台", "Operations desk"),
        new("/studio/", null, [Role.Designer, Role.Operator, Role.Supervisor, Role.Admin], "流程设计器", "Workflow designer"),
        new("/hangfire", null, [Role.Operator, Role.Admin], "作业面板", "Jobs"),
    ];

    /// <summary>True when the user may open the page.</summary>
    public static bool Allows(Page page, ClaimsPrincipal user) =>
        page.Roles.Length == 0 || page.Roles.Any(r => user.IsInRole(r.ToString()));

    public sealed record NavigationItem(string Path, string TitleZh, string TitleEn);

    /// <summary>
    /// Answers 404 for a page's file asked for directly (e.g. <c>/portal/department.html</c>), which the static-file
    /// middleware would otherwise serve without the page's role check.
    /// </summary>
    public static void UsePortalPageFilesGuard(this WebApplication app)
    {
        var files = All.Where(p => p.File is not null).Select(p => "/" + p.File!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        files.Add("/forbidden.html");
        app.Use((context, next) =>
        {
            if (files.Contains(context.Request.Path.Value ?? ""))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }

    public static void MapPortalPages(this WebApplication app)
    {
        foreach (var page in All.Where(p => p.File is not null))
        {
            var route = app.MapGet(page.Path, (Func<HttpContext, Task<IResult>>)(http => ServeAsync(app.Environment.WebRootPath, page, http))).ExcludeFromDescription();
            if (page.Roles.Length == 0)
            {
                route.AllowAnonymous();
            }
            else
            {
                route.RequireAuthorization(Policies.Authenticated);
            }
        }

        app.MapGet("/api/portal/navigation", (ClaimsPrincipal user) =>
                TypedResults.Ok(All.Where(p => Allows(p, user)).Select(p => new NavigationItem(p.Path, p.TitleZh, p.TitleEn)).ToList()))
            .RequireAuthorization(Policies.Authenticated).WithTags("Portal");
    }

    private static async Task<IResult> ServeAsync(string webRoot, Page page, HttpContext http)
    {
        if (Allows(page, http.User))
        {
            return Results.File(Path.Combine(webRoot, page.File!), "text/html; charset=utf-8");
        }

        var html = await File.ReadAllTextAsync(Path.Combine(webRoot, "forbidden.html"), http.RequestAborted);
        return Results.Content(html, "text/html; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
    }
}
