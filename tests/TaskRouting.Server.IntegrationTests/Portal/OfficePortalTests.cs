using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaskRouting.Activities.Lifecycle;
using TaskRouting.Server.Api;
using TaskRouting.Server.IntegrationTests.Infrastructure;
using TaskRouting.Server.IntegrationTests.Studio;

namespace TaskRouting.Server.IntegrationTests.Portal;

/// <summary>
/// The committee office's page (/portal/office) and the committee's page (/portal/committee) in Debian's Chromium, and
/// the office's read APIs (the window dashboard, the plan list export), against a real server process on the embedded
/// default (SQLite, in-memory bus, demo district).
/// </summary>
public sealed class OfficePortalTests(OfficePortalTests.Fixture browser) : IClassFixture<OfficePortalTests.Fixture>
{
    /// <summary>A server process with the demo accounts, and Chromium driven by Playwright.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _data = Path.Combine(Path.GetTempPath(), "tr-office-" + Guid.NewGuid().ToString("N")[..8]);
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

        private readonly Dictionary<string, string> _signedIn = new(StringComparer.Ordinal);
        private readonly SemaphoreSlim _signInGate = new(1, 1);

        /// <summary>
        /// A browser context signed in as the demo account of a role, in a language (zh or en; null: whatever the page
        /// remembers, Chinese at first). Each role signs in once
        /// (the login is rate-limited); later contexts reuse its cookie.
        /// </summary>
        public async Task<IBrowserContext> SignInAsync(string role, string? language = "zh", int width = 1280, int height = 900)
        {
            await _signInGate.WaitAsync();
            try
            {
                if (!_signedIn.ContainsKey(role))
                {
                    await using var first = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl });
                    var account = _accounts!.Single(a => a!["role"]!.GetValue<string>() == role)!;
                    var login = await first.APIRequest.PostAsync("/api/auth/login", new APIRequestContextOptions
                    {
                        DataObject = new { userName = account["userName"]!.GetValue<string>(), password = account["password"]!.GetValue<string>() },
                    });
                    Assert.Equal(200, login.Status);
                    _signedIn[role] = await first.StorageStateAsync();
                }
            }
            finally
            {
                _signInGate.Release();
            }

            var context = await Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = width, Height = height }, AcceptDownloads = true,
                StorageState = _signedIn[role],
            });
            if (language is not null)
            {
                await context.AddInitScriptAsync($"localStorage.setItem('tr.lang', '{language}');");
            }

            return context;
        }

        /// <summary>Files and submits an application as the demo department; returns its id once the office's task of the form exists.</summary>
        public async Task<string> SubmitApplicationAsync(string title, bool urgent = false, string form = "admission.screening")
        {
            await using var department = await SignInAsync("department");
            var start = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).AddDays(120).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var created = await department.APIRequest.PostAsync("/api/applications?submit=true", new APIRequestContextOptions
            {
                DataObject = new
                {
                    title, description = "每月报送入户走访记录", category = "FormLedger", legalBasis = "《测试条例》第十条", wholeDistrict = true,
                    targetCommunities = Array.Empty<string>(), startDate = start, durationMonths = 12, workloadHoursPerMonth = 2,
                    formsAndLedgers = new[] { new { name = "走访台账", frequency = "每月", dataAlreadyShared = false } },
                    fundingPerCommunity = 1000m, supportPersonnel = "派驻一名联络员", supportTraining = "开展一次培训", supportGuidance = "提供操作手册", urgent,
                    urgencyJustification = urgent ? "防汛紧急排查" : null, neededBy = urgent ? start : null,
                },
            });
            Assert.True(created.Ok, await created.TextAsync());
            var id = (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;
            await using var office = await SignInAsync("office");
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                var tasks = (await (await office.APIRequest.GetAsync("/api/workflows/tasks")).JsonAsync())!.Value;
                if (tasks.EnumerateArray().Any(t => t.GetProperty("form").GetString() == form
                    && t.GetProperty("context").GetProperty("applicationId").GetString() == id))
                {
                    return id;
                }

                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"no {form} task reached the office's inbox");
                await Task.Delay(100);
            }
        }

        public async Task DisposeAsync()
        {
            _signInGate.Dispose();
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

    private static string Shot(string name) => Path.Combine(StudioFixture.Screenshots, name);

    private static async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("body[data-ready=true]")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Waits up to 5 s (real time) for a condition on what the browser did.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    private static async Task PublishDutyListAsync(IBrowserContext office)
    {
        var response = await office.APIRequest.PostAsync("/api/reference/duty-list", new APIRequestContextOptions
        {
            DataObject = new
            {
                effectiveFrom = "2026-01-01", note = "测试",
                items = new[] { new { code = "D01", section = "statutory", titleZh = "居民自治事务", titleEn = "Residents' self-government", keywords = new[] { "自治" } } },
            },
        });
        Assert.True(response.Ok || response.Status == 400, await response.TextAsync());
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task InboxPage_AnyRole_ShowsItsTasks_ABadCompletionIsRefusedInPlace_ThenCompletes(string language)
    {
        var title = $"通用收件箱 {language} {Guid.NewGuid().ToString("N")[..6]}";
        var id = await browser.SubmitApplicationAsync(title);
        await using var context = await browser.SignInAsync("office", language);
        var page = await OpenAsync(context, "/portal/inbox");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(language == "zh" ? "我的待办与提醒" : "My tasks and notifications");
        var card = page.Locator("#tasks article.task", new() { HasText = title });
        await Assertions.Expect(card).ToBeVisibleAsync();

        // No outcome chosen: the API refuses and the page says so in place; the application stays in screening.
        await card.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(card.Locator("[aria-invalid=true], [data-form-error]").First).ToBeVisibleAsync();
        var status = (await (await context.APIRequest.GetAsync($"/api/applications/{id}/status")).JsonAsync())!.Value;
        Assert.Equal("Screening", status.GetProperty("stage").GetString());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"portal-inbox-{language}-error.png"), FullPage = true });

        await card.Locator("select[name=outcome]").SelectOptionAsync("Queue");
        await card.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(title);
        await Assertions.Expect(card).ToHaveCountAsync(0);
        status = (await (await context.APIRequest.GetAsync($"/api/applications/{id}/status")).JsonAsync())!.Value;
        Assert.Equal("Queued", status.GetProperty("stage").GetString());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"portal-inbox-{language}.png"), FullPage = true });

        // Every role has the page; an anonymous visitor signs in first.
        await using var auditor = await browser.SignInAsync("auditor", language);
        Assert.Equal(200, (await (await auditor.NewPageAsync()).GotoAsync("/portal/inbox"))!.Status);
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task InboxPage_NewTasksAndDecisionsAppearWithoutReload_ButNotUnderAHalfFilledForm(string language)
    {
        var suffix = $"{language} {Guid.NewGuid().ToString("N")[..6]}";
        var first = $"实时刷新一 {suffix}";
        var second = $"实时刷新二 {suffix}";
        var firstId = await browser.SubmitApplicationAsync(first);
        await using var office = await browser.SignInAsync("office", language);
        await using var department = await browser.SignInAsync("department", language);
        // A one-second refresh (the page's own is 15 s); a marker on each window shows that neither is reloaded.
        var officePage = await OpenAsync(office, "/portal/inbox?refresh=1");
        var departmentPage = await OpenAsync(department, "/portal/inbox?refresh=1");
        foreach (var page in new[] { officePage, departmentPage })
        {
            await page.EvaluateAsync("() => { window.notReloaded = true; }");
            Assert.Equal("polite", await page.Locator("#portal-updates").GetAttributeAsync("aria-live"));
        }

        // The office starts writing a reason on the first task; meanwhile a second application arrives.
        var firstCard = officePage.Locator("#tasks article.task", new() { HasText = first });
        var comment = firstCard.Locator("textarea[name=comment]");
        await comment.FillAsync(language == "zh" ? "正在填写的意见" : "a reason being written");
        await browser.SubmitApplicationAsync(second);
        var secondCard = officePage.Locator("#tasks article.task", new() { HasText = second });
        await Assertions.Expect(officePage.Locator("#portal-updates")).ToHaveTextAsync(language == "zh"
            ? $"新到 1 项:{second}(填写完当前表单后显示)" : $"1 new: {second} (shown when you finish the form you are filling in)");
        // Announced, not drawn: the half-filled form is still there with its text.
        await Assertions.Expect(secondCard).ToHaveCountAsync(0);
        await Assertions.Expect(comment).ToHaveValueAsync(language == "zh" ? "正在填写的意见" : "a reason being written");
        await officePage.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"portal-inbox-{language}-live-waiting.png"), FullPage = true });

        // Once the office completes the first task, the list is drawn again with the second.
        await firstCard.Locator("select[name=outcome]").SelectOptionAsync("Queue");
        await firstCard.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(firstCard).ToHaveCountAsync(0);
        await Assertions.Expect(secondCard).ToBeVisibleAsync();

        // The department's open inbox receives the decision on its first application without a reload, announced.
        var decision = departmentPage.Locator("#alerts li", new() { HasText = first });
        await Assertions.Expect(decision).ToBeVisibleAsync();
        await Assertions.Expect(decision.Locator(".kind")).ToHaveTextAsync(language == "zh" ? "决定" : "Decision");
        await Assertions.Expect(departmentPage.Locator("#portal-updates")).ToContainTextAsync(language == "zh" ? "新到 1 项:申请“" + first : "1 new: Decision on “" + first);
        await departmentPage.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"portal-inbox-{language}-live.png"), FullPage = true });
        foreach (var page in new[] { officePage, departmentPage })
        {
            Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was reloaded");
        }

        var status = (await (await office.APIRequest.GetAsync($"/api/applications/{firstId}/status")).JsonAsync())!.Value;
        Assert.Equal("Queued", status.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task InboxPage_Refresh_PausesWhileHidden_BacksOffOnErrors_AndResumes()
    {
        await using var context = await browser.SignInAsync("office", "en");
        var page = await OpenAsync(context, "/portal/inbox?refresh=1");
        // Counted in the page when the refresh calls the API (no lag from browser events reaching the test).
        await page.EvaluateAsync("() => { window.alertCalls = 0; const f = window.fetch; window.fetch = (...a) => { if (String(a[0]).endsWith('/api/alerts')) window.alertCalls++; return f(...a); }; }");
        async Task<int> Calls() => await page.EvaluateAsync<int>("() => window.alertCalls");
        await UntilAsync(async () => await Calls() >= 1, "the first refresh");

        // A hidden tab asks nothing; coming back asks at once.
        await page.EvaluateAsync("() => { Object.defineProperty(document, 'hidden', { configurable: true, get: () => true }); document.dispatchEvent(new Event('visibilitychange')); }");
        var hiddenAt = await Calls();
        await Task.Delay(2500);
        Assert.Equal(hiddenAt, await Calls());
        await page.EvaluateAsync("() => { Object.defineProperty(document, 'hidden', { configurable: true, get: () => false }); document.dispatchEvent(new Event('visibilitychange')); }");
        await UntilAsync(async () => await Calls() > hiddenAt, "a refresh on coming back");

        // The API failing: announced, and the wait doubles (1 s, 2 s, 4 s …); once it answers again the list is current.
        await page.RouteAsync("**/api/alerts", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 503, ContentType = "application/problem+json", Body = """{"title":"暂不可用 / Unavailable"}""",
        }));
        await Assertions.Expect(page.Locator("#portal-updates")).ToHaveTextAsync("Could not refresh (Unavailable); trying again in 2 s.");
        await Assertions.Expect(page.Locator("#portal-updates")).ToHaveTextAsync("Could not refresh (Unavailable); trying again in 4 s.");
        await page.UnrouteAllAsync();
        // Answering again: the failure line goes at the first good round, even with nothing new to show.
        await Assertions.Expect(page.Locator("#portal-updates")).ToHaveTextAsync("", new() { Timeout = 20_000 });
        var title = $"恢复后 {Guid.NewGuid().ToString("N")[..6]}";
        await browser.SubmitApplicationAsync(title);
        await Assertions.Expect(page.Locator("#tasks article.task", new() { HasText = title })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#portal-updates")).ToContainTextAsync(title);
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task OfficePage_ScreensAnApplication_ABadCompletionShowsTheErrorInPlace_ThenTheDashboardShowsIt(string language)
    {
        var title = $"入户走访台账 {language} {Guid.NewGuid().ToString("N")[..6]}";
        var id = await browser.SubmitApplicationAsync(title);
        await using var context = await browser.SignInAsync("office", language);
        await PublishDutyListAsync(context);
        var page = await OpenAsync(context, "/portal/office");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(language == "zh" ? "委员会办公室" : "Committee office");
        var card = page.Locator("#group-admission-screening article.task", new() { HasText = title });
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("[data-due]")).ToHaveTextAsync(new Regex(language == "zh" ? "^还剩" : "left$"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"portal-office-{language}.png"), FullPage = true });

        // "On the duty list" without citing an item: refused, the error next to the reference field, nothing completed.
        await card.Locator("select[name=outcome]").SelectOptionAsync("OnDutyList");
        await card.Locator("textarea[name=comment]").FillAsync(language == "zh" ? "属于居民自治" : "residents' own affairs");
        await card.Locator("button[type=submit]").ClickAsync();
        var reference = card.Locator("input[name=reference]");
        await Assertions.Expect(reference).ToHaveAttributeAsync("aria-invalid", "true");
        var slot = page.Locator("#" + await reference.GetAttributeAsync("aria-describedby"));
        await Assertions.Expect(slot).ToContainTextAsync(language == "zh" ? "请注明所依据的职责清单事项编码" : "cite the DutyList item code");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"portal-office-{language}-screening-error.png"), FullPage = true });
        var status = (await (await context.APIRequest.GetAsync($"/api/applications/{id}/status")).JsonAsync())!.Value;
        Assert.Equal("Screening", status.GetProperty("stage").GetString());

        // Queued for the window: the task leaves the queue and the status says so.
        await card.Locator("select[name=outcome]").SelectOptionAsync("Queue");
        await card.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(title);
        await Assertions.Expect(card).ToHaveCountAsync(0);
        status = (await (await context.APIRequest.GetAsync($"/api/applications/{id}/status")).JsonAsync())!.Value;
        Assert.Equal("Queued", status.GetProperty("stage").GetString());

        // The dashboard: progress bars for the batch, the stages, and the chart of time per stage as inline SVG.
        await Assertions.Expect(page.Locator("#progress progress")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#stages .tile", new() { HasText = language == "zh" ? "排队待评审" : "Queued" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#wait-svg")).ToBeVisibleAsync();
        Assert.Equal("img", await page.Locator("#wait-svg").GetAttributeAsync("role"));
        await Assertions.Expect(page.Locator("#wait-svg > title")).ToContainTextAsync(language == "zh" ? "等待最久" : "wait longest");
        Assert.True(await page.Locator("#wait-svg rect.median").CountAsync() >= 1);
        await page.Locator("#dashboard").ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot($"portal-office-{language}-dashboard.png") });
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task OfficePage_PublishesADutyListVersion_ABadItemIsRefusedInPlace_ThenAGoodOne(string language)
    {
        await using var context = await browser.SignInAsync("office", language);
        var page = await OpenAsync(context, "/portal/office#lists");
        var before = (await (await context.APIRequest.GetAsync("/api/reference/duty-list/versions")).JsonAsync())!.Value.GetArrayLength();

        await page.Locator("#list-add").ClickAsync();
        var last = page.Locator("#list-items fieldset").Last;
        await last.Locator("input[name=code]").FillAsync("D9" + language);
        await last.Locator("input[name=titleEn]").FillAsync("Community night patrol");
        await page.Locator("#list-effective").FillAsync("2026-12-01");
        await page.Locator("#list-form button[type=submit]").ClickAsync();
        var titleZh = last.Locator("input[name=titleZh]");
        await Assertions.Expect(titleZh).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#" + await titleZh.GetAttributeAsync("aria-describedby"))).ToContainTextAsync(language == "zh" ? "中文名称不能为空" : "titleZh is required");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"portal-office-{language}-list-error.png"), FullPage = true });
        Assert.Equal(before, (await (await context.APIRequest.GetAsync("/api/reference/duty-list/versions")).JsonAsync())!.Value.GetArrayLength());

        await titleZh.FillAsync("社区夜间巡查");
        await page.Locator("#list-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(language == "zh" ? "已发布第" : "published");
        await Assertions.Expect(page.Locator("#list-versions tbody tr")).ToHaveCountAsync(before + 1);
        // The editor reloads the new version, each item in its section.
        await Assertions.Expect(page.Locator("#list-items fieldset select[name=section]").Last).ToHaveValueAsync("statutory");
        var versions = (await (await context.APIRequest.GetAsync("/api/reference/duty-list/versions")).JsonAsync())!.Value;
        Assert.Contains(versions[0].GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == "D9" + language);
        await page.Locator("#lists").ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot($"portal-office-{language}-lists.png") });
    }

    [Fact]
    public async Task OfficePage_EmergencyInbox_CountsDownToTheSla_AndApproves()
    {
        var title = $"防汛紧急排查 {Guid.NewGuid().ToString("N")[..6]}";
        var id = await browser.SubmitApplicationAsync(title, urgent: true, form: "admission.emergency");
        await using var context = await browser.SignInAsync("office", "en");
        var page = await context.NewPageAsync();
        // The page's clock runs on, and the test can move it past the SLA.
        await page.Clock.InstallAsync();
        await page.GotoAsync("/portal/office");
        await Assertions.Expect(page.Locator("body[data-ready=true]")).ToBeVisibleAsync();
        var card = page.Locator("#group-admission-emergency article.task", new() { HasText = title });
        var due = card.Locator("[data-due]");
        await Assertions.Expect(due).ToHaveTextAsync(new Regex(@"^\d+ h \d+ min \d+ s left$"));
        var first = await due.TextContentAsync();
        await Assertions.Expect(due).Not.ToHaveTextAsync(first!, new() { Timeout = 5_000 });
        Assert.Equal("assertive", await page.Locator("#sla-live").GetAttributeAsync("aria-live"));
        await page.Locator("#group-admission-emergency").ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot("portal-office-en-emergency.png") });

        // Five hours later (on the page's clock) the SLA has passed: the countdown turns red and the passing is announced.
        await page.Clock.FastForwardAsync("05:00:00");
        await Assertions.Expect(due).ToHaveTextAsync(new Regex("^overdue by "));
        await Assertions.Expect(page.Locator("#sla-live")).ToContainTextAsync("Deadline passed: ");
        await page.Locator("#group-admission-emergency").ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot("portal-office-en-emergency-overdue.png") });

        // Refusing needs a reason: refused in place; then approved.
        await card.Locator("select[name=outcome]").SelectOptionAsync("Refuse");
        await card.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(card.Locator("textarea[name=comment]")).ToHaveAttributeAsync("aria-invalid", "true");
        await card.Locator("select[name=outcome]").SelectOptionAsync("Approve");
        await card.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(card).ToHaveCountAsync(0);
        var status = (await (await context.APIRequest.GetAsync($"/api/applications/{id}/status")).JsonAsync())!.Value;
        Assert.NotEqual("EmergencyApproval", status.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task OfficePage_PublishesACalendarYear_ABadDayIsRefusedInPlace()
    {
        await using var context = await browser.SignInAsync("office");
        var page = await OpenAsync(context, "/portal/office#calendar");
        await page.Locator("#cal-year").FillAsync("2031");
        await page.Locator("#cal-load").ClickAsync();
        await Assertions.Expect(page.Locator("#cal-versions tbody")).ToContainTextAsync("该年还没有日历");
        await page.Locator("#cal-source").FillAsync("国务院办公厅关于2031年部分节假日安排的通知");
        await page.Locator("#cal-days-box summary").ClickAsync();
        var day = page.Locator("#cal-days fieldset").First;
        await day.Locator("input[name=nameZh]").FillAsync("元旦");
        await day.Locator("input[name=nameEn]").FillAsync("New Year's Day");
        await page.Locator("#calendar-form button[type=submit]").ClickAsync();
        var date = day.Locator("input[name=date]");
        await Assertions.Expect(date).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#" + await date.GetAttributeAsync("aria-describedby"))).Not.ToBeEmptyAsync();
        await page.Locator("#calendar").ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot("portal-office-zh-calendar-error.png") });
        Assert.Equal("[]", (await (await context.APIRequest.GetAsync("/api/reference/calendar/2031/versions")).TextAsync()).Trim());

        await date.FillAsync("2031-01-01");
        await page.Locator("#calendar-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("2031 年日历第 1 版");
        await Assertions.Expect(page.Locator("#cal-versions tbody tr")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task OfficePage_DownloadsThePlanListCsv_AndFitsAPhone()
    {
        await using var context = await browser.SignInAsync("office", "zh", 390, 844);
        var page = await OpenAsync(context, "/portal/office");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#plan-csv").ClickAsync());
        var path = await download.PathAsync();
        var text = await File.ReadAllTextAsync(path!);
        Assert.StartsWith("编号 / Number,年度 / Year", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^plan-list-370299-\d{4}\.csv$"), download.SuggestedFilename);

        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the office page scrolls sideways at phone width");
        await Assertions.Expect(page.Locator("#groups")).Not.ToContainTextAsync("null");
        await Assertions.Expect(page.Locator("#wait-svg")).ToHaveAttributeAsync("viewBox", new Regex("^0 0 3[0-9]{2} "));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("portal-office-zh-phone.png"), FullPage = true });
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task CommitteePage_ShowsTheApprovalInbox_InBothLanguages(string language)
    {
        await using var context = await browser.SignInAsync("committee", language);
        var page = await OpenAsync(context, "/portal/committee");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(language == "zh" ? "委员会审批" : "Committee approvals");
        await Assertions.Expect(page.Locator("#inbox-note")).ToContainTextAsync(language == "zh" ? "待审批" : "to approve");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"portal-committee-{language}.png"), FullPage = true });
    }

    [Theory]
    [InlineData("department", "/portal/office")]
    [InlineData("committee", "/portal/office")]
    [InlineData("office", "/portal/committee")]
    public async Task Pages_OtherRoles_GetTheForbiddenPage(string role, string path)
    {
        await using var context = await browser.SignInAsync(role);
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(path);
        Assert.Equal(403, response!.Status);
    }

    [Theory]
    [InlineData("/portal/office")]
    [InlineData("/portal/committee")]
    public async Task Pages_Anonymous_AreSentToSignIn(string path)
    {
        await using var visitor = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl });
        var page = await visitor.NewPageAsync();
        await page.GotoAsync(path);
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
    }

    [Theory]
    [InlineData("/api/admission/dashboard")]
    [InlineData("/api/plan-list/export.csv")]
    [InlineData("/api/plan-list/export.xlsx")]
    public async Task OfficeApis_OtherRoles_Get403(string path)
    {
        foreach (var role in new[] { "department", "committee", "street", "supervisor" })
        {
            await using var context = await browser.SignInAsync(role);
            Assert.Equal(403, (await context.APIRequest.GetAsync(path)).Status);
        }
    }

    [Theory]
    [InlineData("/api/admission/dashboard?months=0", "months")]
    [InlineData("/api/admission/dashboard?window=370299-1999-H1", "window")]
    [InlineData("/api/plan-list/export.csv?year=1900", "year")]
    [InlineData("/api/plan-list/export.xlsx?year=2200", "year")]
    public async Task OfficeApis_BadInput_400WithFieldErrors(string path, string field)
    {
        await using var context = await browser.SignInAsync("office");
        var response = await context.APIRequest.GetAsync(path);
        Assert.Equal(400, response.Status);
        var problem = JsonDocument.Parse(await response.TextAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await response.TextAsync());
    }

    [Fact]
    public async Task Dashboard_Office_CountsStagesAndTimePerStage()
    {
        await browser.SubmitApplicationAsync($"看板统计 {Guid.NewGuid().ToString("N")[..6]}");
        await using var context = await browser.SignInAsync("office");
        var body = (await (await context.APIRequest.GetAsync("/api/admission/dashboard")).JsonAsync())!.Value;
        Assert.Equal("370299", body.GetProperty("district").GetString());
        Assert.Contains(body.GetProperty("stages").EnumerateArray(), s => s.GetProperty("stage").GetString() == "Screening" && s.GetProperty("count").GetInt32() >= 1);
        var screening = body.GetProperty("timeInStage").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "Screening");
        Assert.True(screening.GetProperty("applications").GetInt32() >= 1);
        Assert.True(screening.GetProperty("p90Hours").GetDouble() >= screening.GetProperty("medianHours").GetDouble());
        foreach (var key in new[] { "total", "reviewed", "voting", "tallied", "approved" })
        {
            Assert.True(body.GetProperty("batch").GetProperty(key).GetInt32() >= 0);
        }

        var xlsx = await context.APIRequest.GetAsync("/api/plan-list/export.xlsx?year=2026");
        Assert.Equal(200, xlsx.Status);
        Assert.StartsWith("application/vnd.openxmlformats", xlsx.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString((await xlsx.BodyAsync())[..2]));
    }
}

/// <summary>The dashboard's time per stage, from history lines (no server needed).</summary>
public sealed class OfficeDashboardTimeInStageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TimeInStage_TwoApplications_MedianAndP90PerStage_OpenStageRunsUntilNow_DraftAndFinalLeftOut()
    {
        var now = T0.AddHours(100);
        var applications = new[]
        {
            // Draft 1 h, screening 10 h, queued until now (89 h).
            (Final: false, Steps: new List<(DateTimeOffset, ApplicationStage)> { (T0, ApplicationStage.Draft), (T0.AddHours(1), ApplicationStage.Screening), (T0.AddHours(11), ApplicationStage.Queued) }),
            // Screening 2 h, two lines in screening (counted together), then returned (final: no time after it).
            (Final: true, Steps: new List<(DateTimeOffset, ApplicationStage)> { (T0, ApplicationStage.Screening), (T0.AddHours(1), ApplicationStage.Screening), (T0.AddHours(2), ApplicationStage.Returned) }),
        };

        var result = OfficeEndpoints.TimeInStage(applications, now);

        Assert.Equal([ApplicationStage.Screening, ApplicationStage.Queued], result.Select(r => r.Stage));
        var screening = result[0];
        Assert.Equal(2, screening.Applications);
        Assert.Equal(2, screening.MedianHours);
        Assert.Equal(10, screening.P90Hours);
        Assert.Equal(89, result[1].MedianHours);
    }
}
