using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Studio;

/// <summary>How the bundle is served: MIME types, Brotli, the stale package page hidden, pages behind sign-in.</summary>
public sealed class StudioHostingTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "tr-studio-hosting-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Bundle_ServedWithItsTypes_BrotliWhenAccepted_AndNoForeignPage()
    {
        await using var factory = TaskRoutingFactory.Embedded(_dataDirectory);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var framework = Path.Combine(TestEnvironment.RepositoryRoot, "hosts", "TaskRouting.Server", "Studio", "node_modules", "@elsa-workflows", "elsa-studio-wasm", "_framework");
        var wasm = Path.GetFileName(Directory.GetFiles(framework, "*.wasm").First());
        var dat = Path.GetFileName(Directory.GetFiles(framework, "*.dat").First());

        using var plain = await client.GetAsync($"/studio/_framework/{wasm}");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("application/wasm", plain.Content.Headers.ContentType?.MediaType);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(new FileInfo(Path.Combine(framework, wasm)).Length, (await plain.Content.ReadAsByteArrayAsync()).Length);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/studio/_framework/{wasm}");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var compressed = await client.SendAsync(request);
        Assert.Equal("application/wasm", compressed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["br"], compressed.Content.Headers.ContentEncoding);
        Assert.Equal(new FileInfo(Path.Combine(framework, wasm + ".br")).Length, (await compressed.Content.ReadAsByteArrayAsync()).Length);

        using var icu = await client.GetAsync($"/studio/_framework/{dat}");
        Assert.Equal("application/octet-stream", icu.Content.Headers.ContentType?.MediaType);

        // The package's own page links Google Fonts: never served, even to a signed-in user.
        using var designer = await factory.LoginAsync("designer", DemoPassword("designer"));
        Assert.Equal(HttpStatusCode.NotFound, (await designer.GetAsync("/studio/index.html")).StatusCode);
        var page = await designer.GetStringAsync("/studio/definitions/370299-admission");
        Assert.Contains("<base href=\"/studio/\">", page, StringComparison.Ordinal);
        Assert.DoesNotContain("googleapis", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_NeedSignIn_AndAWorkflowReaderRole()
    {
        await using var factory = TaskRoutingFactory.Embedded(_dataDirectory);
        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/studio/");
        browser.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var redirected = await anonymous.SendAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.StartsWith("/login", redirected.Headers.Location?.PathAndQuery, StringComparison.Ordinal);

        using var department = await factory.LoginAsync("department", DemoPassword("department"));
        Assert.Equal(HttpStatusCode.Forbidden, (await department.GetAsync("/studio/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await department.GetAsync("/elsa/api/workflow-definitions")).StatusCode);
    }

    private string DemoPassword(string role)
    {
        var accounts = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(_dataDirectory, "demo-credentials.json")))!["accounts"]!.AsArray();
        return accounts.Single(a => a!["role"]!.GetValue<string>() == role)!["password"]!.GetValue<string>();
    }
}
