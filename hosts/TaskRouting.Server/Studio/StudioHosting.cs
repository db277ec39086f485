using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using TaskRouting.Platform.Identity;
using TaskRouting.Server.Hosting;

namespace TaskRouting.Server.Studio;

/// <summary>
/// Serves the real Elsa Studio (npm <c>@elsa-workflows/elsa-studio-wasm</c>, pinned in Studio/package.json) under
/// <c>/studio/</c>: the bundle's files as static files (pre-compressed Brotli when the browser accepts it), and
/// TaskRouting's own host page, which signs nothing in itself: the browser's login cookie travels with every
/// same-origin call. Nothing is fetched from outside the server (the package's own index.html, which links Google
/// Fonts, is not served).
/// </summary>
internal static class StudioHosting
{
    public const string PathBase = "/studio";
    private const string CompressedItem = "taskrouting.studio.br";

    /// <summary>The bundle folder, or null when it is not installed.</summary>
    public static string? LocateBundle(StudioSettings settings, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var candidates = settings.BundlePath is { Length: > 0 } configured
            ? [configured]
            : new[]
            {
                Path.Combine(AppContext.BaseDirectory, "studio"),
                Path.Combine(contentRoot, "Studio", "node_modules", "@elsa-workflows", "elsa-studio-wasm"),
            };
        return candidates.Select(Path.GetFullPath).FirstOrDefault(c => File.Exists(Path.Combine(c, "_framework", "blazor.webassembly.js")));
    }

    public static WebApplication UseStudio(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.Studio;
        var bundle = LocateBundle(settings, app.Environment.ContentRootPath);
        if (bundle is not null)
        {
            var types = new FileExtensionContentTypeProvider();
            types.Mappings[".dat"] = "application/octet-stream";
            types.Mappings[".wasm"] = "application/wasm";
            types.Mappings[".webmanifest"] = "application/manifest+json";
            types.Mappings[".map"] = "application/json";
            types.Mappings[".cur"] = "image/x-icon";
            types.Mappings[".scss"] = "text/x-scss";
            var files = new BundleFiles(new PhysicalFileProvider(bundle));
            app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments(PathBase, StringComparison.Ordinal), branch =>
            {
                branch.Use(PreferBrotli(files));
                branch.UseStaticFiles(new StaticFileOptions
                {
                    FileProvider = files,
                    RequestPath = PathBase,
                    ContentTypeProvider = new CompressedAwareTypes(types),
                    OnPrepareResponse = ctx =>
                    {
                        var headers = ctx.Context.Response.Headers;
                        if (ctx.Context.Items.ContainsKey(CompressedItem))
                        {
                            headers.ContentEncoding = "br";
                            headers.Vary = "Accept-Encoding";
                        }

                        // Revalidate with the ETag: a new bundle version takes effect at once.
                        headers.CacheControl = "no-cache";
                    },
                });
            });
        }

        // Resolved per request: a server run from its build folder has no web root until one is configured.
        string Page(string file) => Path.Combine(app.Environment.WebRootPath ?? Path.Combine(app.Environment.ContentRootPath, "wwwroot"), file);
        // The designer pages: the list, an editor, the instance list, an instance. Sign-in required (redirects to /login).
        foreach (var route in new[] { "/", "/definitions/{definitionId}", "/instances", "/instances/{instanceId}" })
        {
            // Blazor needs the page under its <base href="/studio/">: "/studio" (same route) is redirected.
            app.MapGet(PathBase + route, (HttpContext ctx) => ctx.Request.Path.Value == PathBase
                    ? Results.Redirect(PathBase + "/")
                    : Results.File(Page(bundle is null ? "studio-missing.html" : "studio.html"), "text/html; charset=utf-8"))
                .RequireAuthorization(Policies.WorkflowReader).ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>Serves <c>x.br</c> for <c>x</c> when the browser accepts Brotli and the bundle ships it.</summary>
    private static Func<HttpContext, RequestDelegate, Task> PreferBrotli(IFileProvider files) => (ctx, next) =>
    {
        var path = ctx.Request.Path.Value!;
        if (HttpMethods.IsGet(ctx.Request.Method)
            && ctx.Request.Headers.AcceptEncoding.Any(v => v?.Contains("br", StringComparison.OrdinalIgnoreCase) == true)
            && !path.EndsWith(".br", StringComparison.Ordinal) && !path.EndsWith(".gz", StringComparison.Ordinal)
            && files.GetFileInfo(path[PathBase.Length..] + ".br").Exists)
        {
            ctx.Request.Path = path + ".br";
            ctx.Items[CompressedItem] = true;
        }

        return next(ctx);
    };

    /// <summary>The content type of <c>x.wasm.br</c> is that of <c>x.wasm</c>.</summary>
    private sealed class CompressedAwareTypes(FileExtensionContentTypeProvider inner) : IContentTypeProvider
    {
        public bool TryGetContentType(string subpath, out string contentType) =>
            inner.TryGetContentType(subpath.EndsWith(".br", StringComparison.Ordinal) ? subpath[..^3] : subpath, out contentType!);
    }

    /// <summary>The bundle without the package's stale index.html (it links Google Fonts and renders nothing).</summary>
    private sealed class BundleFiles(IFileProvider inner) : IFileProvider
    {
        public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

        public IFileInfo GetFileInfo(string subpath) =>
            subpath.TrimStart('/') is "index.html" or "index.html.br" or "index.html.gz" ? new NotFoundFileInfo(subpath) : inner.GetFileInfo(subpath);

        public IChangeToken Watch(string filter) => inner.Watch(filter);
    }
}
