using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaskRouting.Server.IntegrationTests.Infrastructure;
using TaskRouting.Server.IntegrationTests.Studio;

namespace TaskRouting.Server.IntegrationTests.Accountability;

/// <summary>The accountability pages (the burden dashboard, the public notices) in Debian's Chromium against a real server process on the embedded default (SQLite, demo district).</summary>
public sealed class AccountabilityPagesTests(AccountabilityPagesTests.Fixture browser) : IClassFixture<AccountabilityPagesTests.Fixture>
{
    /// <summary>A server process with the demo accounts, and Chromium driven by Playwright (no Studio bundle needed).</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _data = Path.Combine(Path.GetTempPath(), "tr-burden-" + Guid.NewGuid().ToString("N")[..8]);
        private ServerProcess? _server;
        private IPlaywright? _playwright;
        private JsonArray? _accounts;

        public IBrowser Browser { get; private set; } = null!;

        public string BaseUrl => $"http://127.0.0.1:{_server!.Port}";

        public async Task InitializeAsync()
        {
            _server = ServerProcess.Start(new Dictionary<string, string>
            {
                ["ASPNETCORE_CONTENTROOT"] = Path.Combine(TestEnvironment.RepositoryRoot, "hosts", "TaskRouting.Server"),
                ["TaskRouting__DataDirectory"] = _data,
            });
            Assert.True(await _server.WaitForReadyAsync(TimeSpan.FromSeconds(60)), _server.StandardOutput + _server.StandardError);
            _accounts = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_data, "demo-credentials.json")))!["accounts"]!.AsArray();
            Directory.CreateDirectory(StudioFixture.Screenshots);
            _playwright = await Playwright.CreateAsync();
            Browser = await Chromium.LaunchAsync(_playwright);
        }

        /// <summary>A browser context signed in as the demo account of a role.</summary>
        public async Task<IBrowserContext> SignInAsync(string role, int width = 1280, int height = 900)
        {
            var context = await Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = width, Height = height },
            });
            var account = _accounts!.Single(a => a!["role"]!.GetValue<string>() == role)!;
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

    [Fact]
    public async Task Page_Office_DrawsTheChartsAsSvg_SwitchesToEnglish_AndFitsAPhone()
    {
        await using var context = await browser.SignInAsync("office");
        var baseline = await context.APIRequest.PutAsync("/api/burden/baselines", new APIRequestContextOptions
        {
            DataObject = new { baselines = new[] { new { community = (string?)null, items = 12, formsAndLedgers = 44, certificates = 100, hoursPerMonth = 60, asOf = "2025-06-30", source = "改革前调查" } } },
        });
        Assert.True(baseline.Ok, await baseline.TextAsync());

        var page = await context.NewPageAsync();
        await page.GotoAsync("/burden?from=2026-01&to=2026-12");
        await Assertions.Expect(page.Locator("#hours-svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#hours-svg > title")).ToHaveTextAsync("每月工时与上限");
        Assert.Equal("img", await page.Locator("#hours-svg").GetAttributeAsync("role"));
        Assert.Equal(1, await page.Locator("#hours-svg line.cap").CountAsync());
        await Assertions.Expect(page.Locator("#baseline-svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#baseline-svg")).ToContainTextAsync("44");
        Assert.True(await page.Locator("#communities tbody tr").CountAsync() > 0);
        await Assertions.Expect(page.Locator("#export-xlsx")).ToHaveAttributeAsync("href", "/api/burden/export.xlsx?from=2026-01&to=2026-12");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioFixture.Screenshots, "burden-office-zh.png"), FullPage = true });

        // The language switch is a keyboard-usable button.
        await page.Locator("#lang").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Community burden dashboard");
        await Assertions.Expect(page.Locator("#hours-svg > title")).ToHaveTextAsync("Hours per month against the cap");
        await page.Locator("#communities thead button", new() { HasText = "Hours/month" }).ClickAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioFixture.Screenshots, "burden-office-en.png"), FullPage = true });

        // At a phone's width the charts are redrawn narrower (readable labels) and nothing scrolls sideways.
        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(page.Locator("#hours-svg")).ToHaveAttributeAsync("viewBox", new Regex("^0 0 3[0-9]{2} "));
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways at phone width");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioFixture.Screenshots, "burden-office-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task NoticesPage_Anonymous_ShowsThePublishedNotice_InBothLanguages()
    {
        // The office publishes this month's notice of the demo district (nothing confirmed there: an empty notice).
        await using var office = await browser.SignInAsync("office");
        var district = await (await office.APIRequest.GetAsync("/api/auth/me")).JsonAsync();
        var code = district!.Value.GetProperty("district").GetString()!;
        var period = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var published = await office.APIRequest.PostAsync("/api/notices", new APIRequestContextOptions { DataObject = new { period } });
        Assert.True(published.Ok, await published.TextAsync());
        var number = (await published.JsonAsync())!.Value.GetProperty("number").GetString()!;

        // Anyone reads it, without signing in.
        await using var visitor = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, Locale = "zh-CN" });
        var page = await visitor.NewPageAsync();
        var response = await page.GotoAsync($"/notices?district={code}");
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("#notices section.notice").First).ToContainTextAsync(number);
        await Assertions.Expect(page.Locator("#notices section.notice").First).ToContainTextAsync("本期没有被通报的单位");
        await Assertions.Expect(page.Locator("label[for=district]")).ToHaveTextAsync("区");
        // Screen readers hear one status line, not the notices read out whole.
        await Assertions.Expect(page.Locator("#loaded[role=status]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^已显示 [1-9][0-9]* 份通报。$"));
        Assert.Equal(0, await page.Locator("#notices[aria-live], #notices [aria-live]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioFixture.Screenshots, "notices-public-zh.png"), FullPage = true });

        await page.Locator("#lang").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Community work admission: district notices");
        await Assertions.Expect(page.Locator("#notices section.notice").First).ToContainTextAsync("No unit is named in this notice.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioFixture.Screenshots, "notices-public-en.png"), FullPage = true });
    }

    [Fact]
    public async Task ListsPage_Anonymous_ShowsTheDutyListInEffect_InBothLanguages()
    {
        await using var office = await browser.SignInAsync("office");
        var code = (await (await office.APIRequest.GetAsync("/api/auth/me")).JsonAsync())!.Value.GetProperty("district").GetString()!;
        var today = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var published = await office.APIRequest.PostAsync("/api/reference/duty-list", new APIRequestContextOptions
        {
            DataObject = new
            {
                effectiveFrom = today, note = "页面测试 / page test",
                items = new[] { new { code = "LT-01", section = "Statutory", titleZh = "组织居民议事协商", titleEn = "Hold residents' consultations", legalBasis = "居民委员会组织法", keywords = new[] { "议事" } } },
            },
        });
        Assert.True(published.Ok, await published.TextAsync());

        await using var visitor = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, Locale = "zh-CN" });
        var page = await visitor.NewPageAsync();
        Assert.Equal(200, (await page.GotoAsync($"/lists?district={code}"))!.Status);
        await Assertions.Expect(page.Locator("#duty")).ToContainTextAsync("组织居民议事协商");
        await Assertions.Expect(page.Locator("#duty")).ToContainTextAsync("LT-01");
        // Screen readers hear one status line, not three tables read out whole.
        await Assertions.Expect(page.Locator("#loaded[role=status]")).ToContainTextAsync("已显示:职责清单 1 项");
        Assert.Equal(0, await page.Locator("main [aria-live]").CountAsync());
        await Assertions.Expect(page.Locator("#plan")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioFixture.Screenshots, "lists-public-zh.png"), FullPage = true });

        await page.Locator("#lang").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#duty")).ToContainTextAsync("Hold residents' consultations");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Community duty list and annual plan list");
        await Assertions.Expect(page.Locator("#loaded")).ToContainTextAsync("Items shown: duty list 1,");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioFixture.Screenshots, "lists-public-en.png"), FullPage = true });
    }
}
