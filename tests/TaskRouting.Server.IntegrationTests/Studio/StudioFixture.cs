using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Studio;

/// <summary>
/// A real server process on the embedded default (demo district and accounts) serving the real Elsa Studio bundle,
/// and Debian's Chromium driven by Playwright. Screenshots go to artifacts/screenshots/.
/// </summary>
public sealed class StudioFixture : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "tr-studio-" + Guid.NewGuid().ToString("N")[..8]);
    private ServerProcess? _server;
    private IPlaywright? _playwright;
    private JsonArray? _accounts;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => $"http://127.0.0.1:{_server!.Port}";

    public static string Screenshots { get; } = Path.Combine(TestEnvironment.RepositoryRoot, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        var serverDir = Path.Combine(TestEnvironment.RepositoryRoot, "hosts", "TaskRouting.Server");
        Assert.True(File.Exists(Path.Combine(serverDir, "Studio", "node_modules", "@elsa-workflows", "elsa-studio-wasm", "_framework", "blazor.webassembly.js")),
            "The Elsa Studio bundle is not installed: the server build runs `npm ci` in hosts/TaskRouting.Server/Studio (npm is required).");
        _server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_CONTENTROOT"] = serverDir,
            ["TaskRouting__DataDirectory"] = _data,
        });
        Assert.True(await _server.WaitForReadyAsync(TimeSpan.FromSeconds(60)), _server.StandardOutput + _server.StandardError);
        _accounts = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_data, "demo-credentials.json")))!["accounts"]!.AsArray();
        Directory.CreateDirectory(Screenshots);
        // The Studio is a 66 MB WebAssembly application: its first draw can take many seconds on a busy 2-core machine.
        Assertions.SetDefaultExpectTimeout(90_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public JsonNode Account(string role) => _accounts!.Single(a => a!["role"]!.GetValue<string>() == role)!;

    /// <summary>A browser context signed in as the demo account of a role (the login cookie, as a person would have).</summary>
    public async Task<IBrowserContext> SignInAsync(string role, string language = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = language,
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var account = Account(role);
        var login = await context.APIRequest.PostAsync("/api/auth/login", new APIRequestContextOptions
        {
            DataObject = new { userName = account["userName"]!.GetValue<string>(), password = account["password"]!.GetValue<string>() },
        });
        Assert.Equal(200, login.Status);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the stopping server: the temp folder is cleaned by the OS.
        }
    }
}
