using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TaskRouting.Server.IntegrationTests.Infrastructure;
using TaskRouting.Server.IntegrationTests.Studio;

namespace TaskRouting.Server.IntegrationTests.Portal;

/// <summary>
/// The department's desk (/portal/department) in Debian's Chromium against a real server process on the embedded
/// default (SQLite, in-memory bus, demo district): filing (a bad form refused in place, nothing stored), submitting,
/// the status timeline, editing and submitting a draft, the funding confirmation, both languages, a phone's width,
/// and the refusals (another role, an anonymous visitor).
/// </summary>
public sealed class DepartmentPageTests(DepartmentPageTests.Fixture browser) : IClassFixture<DepartmentPageTests.Fixture>
{
    /// <summary>A server process with the demo accounts, and Chromium driven by Playwright (no Studio bundle needed).</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly string _data = Path.Combine(Path.GetTempPath(), "tr-portal-dept-" + Guid.NewGuid().ToString("N")[..8]);
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

        /// <summary>A browser context signed in as the demo account of a role, in a language (zh: the default; en: the switch's stored choice).</summary>
        public async Task<IBrowserContext> SignInAsync(string role, string language = "zh", int width = 1280, int height = 900)
        {
            var context = await Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = width, Height = height },
            });
            if (language == "en")
            {
                await context.AddInitScriptAsync("localStorage.setItem('tr.lang', 'en');");
            }

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

    private static string Shot(string name) => Path.Combine(StudioFixture.Screenshots, name);

    /// <summary>A day in China time, days from today (dates in forms are China dates).</summary>
    private static string ChinaDay(int daysFromToday) =>
        TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<int> TotalAsync(IBrowserContext context)
    {
        var response = await context.APIRequest.GetAsync("/api/applications?pageSize=1");
        Assert.True(response.Ok, await response.TextAsync());
        return (await response.JsonAsync())!.Value.GetProperty("total").GetInt32();
    }

    /// <summary>Fills the form's required fields with valid values (the first community of the first street as target).</summary>
    private static async Task FillValidAsync(IPage page, string title)
    {
        await page.Locator("#f-title").FillAsync(title);
        await page.Locator("#f-category").SelectOptionAsync("Task");
        await page.Locator("#f-description").FillAsync("每月入户核查一次独居老人情况并登记");
        await page.Locator("#f-legalBasis").FillAsync("《老年人权益保障法》第三十条");
        await page.Locator("#target-units input[name=targetCommunities]").First.CheckAsync();
        await page.Locator("#f-startDate").FillAsync(ChinaDay(30));
        await page.Locator("#f-durationMonths").FillAsync("12");
        await page.Locator("#f-workloadHoursPerMonth").FillAsync("4");
        await page.Locator("#f-fundingPerCommunity").FillAsync("1200");
    }

    [Fact]
    public async Task DepartmentPage_BadFormThenFixed_ShowsErrorsInPlace_StoresNothing_ThenSubmitsToScreening_Chinese()
    {
        await using var context = await browser.SignInAsync("department");
        var before = await TotalAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/portal/department");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("部门工作台:社区工作准入申请");
        await Assertions.Expect(page.Locator("#list-count")).ToHaveTextAsync($"共 {before} 项申请");
        var rowsBefore = await page.Locator("#applications tbody tr").CountAsync();

        // A bad form: a title only, a negative workload and a form row without its frequency. The API refuses it field by field.
        await page.Locator("#new-application").ClickAsync();
        await Assertions.Expect(page.Locator("#form-title")).ToBeFocusedAsync();
        await page.Locator("#f-title").FillAsync("独居老人入户核查");
        await page.Locator("#f-workloadHoursPerMonth").FillAsync("-3");
        await page.Locator("#add-form").ClickAsync();
        await page.Locator("#forms-list input[data-field='formsAndLedgers[0].name']").FillAsync("独居老人台账");
        await page.Locator("#save-draft").ClickAsync();
        await Assertions.Expect(page.Locator("#f-description-error")).ToHaveTextAsync("事项说明不能为空");
        await Assertions.Expect(page.Locator("#f-description")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#f-description")).ToHaveAttributeAsync("aria-describedby", "f-description-error");
        await Assertions.Expect(page.Locator("#f-category-error")).ToContainTextAsync("类别须为");
        await Assertions.Expect(page.Locator("#f-targets-error")).ToContainTextAsync("请选择目标街道、社区或全区");
        await Assertions.Expect(page.Locator("#f-workloadHoursPerMonth-error")).ToContainTextAsync("0–744");
        await Assertions.Expect(page.Locator("#f-fundingPerCommunity-error")).ToHaveTextAsync("每个社区的经费不能为空(没有经费请填 0)");
        await Assertions.Expect(page.Locator("#forms-list li").First.Locator(".error").Nth(1)).ToHaveTextAsync("填报频次不能为空");
        await Assertions.Expect(page.Locator("#f-title-error")).ToBeEmptyAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("portal-department-zh-errors.png"), FullPage = true });

        // Nothing was stored: the API's total and the page's list are unchanged.
        Assert.Equal(before, await TotalAsync(context));
        await Assertions.Expect(page.Locator("#list-count")).ToHaveTextAsync($"共 {before} 项申请");
        Assert.Equal(rowsBefore, await page.Locator("#applications tbody tr").CountAsync());

        // Fixed and submitted: the status timeline opens at screening, with the history as an ordered list.
        const string title = "独居老人入户核查(网页)";
        await FillValidAsync(page, title);
        await page.Locator("#forms-list input[data-field='formsAndLedgers[0].frequency']").FillAsync("每月");
        await page.Locator("#submit-application").ClickAsync();
        await Assertions.Expect(page.Locator("#page-ok")).ToHaveTextAsync($"已提交申请“{title}”。");
        await Assertions.Expect(page.Locator("#form-section")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#status-title")).ToHaveTextAsync($"申请状态:{title}");
        await Assertions.Expect(page.Locator("#status dl.facts")).ToContainTextAsync("初审");
        Assert.True(await page.Locator("#status ol.timeline > li").CountAsync() >= 2);
        await Assertions.Expect(page.Locator("#status ol.timeline > li").First).ToContainTextAsync("部门填写申请(草稿)");
        await Assertions.Expect(page.Locator("#status ol.timeline time").First).ToHaveAttributeAsync("datetime", new System.Text.RegularExpressions.Regex(@"^\d{4}-\d{2}-\d{2}T"));
        Assert.Equal(before + 1, await TotalAsync(context));
        var row = page.Locator("#applications tbody tr", new() { HasText = title });
        await Assertions.Expect(row).ToContainTextAsync("初审");

        // The filters: by stage and by search text, then a search for nothing.
        await page.Locator("#stage").SelectOptionAsync("Screening");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await page.Locator("#stage").SelectOptionAsync("Draft");
        await Assertions.Expect(page.Locator("#applications tbody")).Not.ToContainTextAsync("初审");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await page.Locator("#urgent").SelectOptionAsync("true");
        await page.Locator("#stage").SelectOptionAsync("");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await page.Locator("#urgent").SelectOptionAsync("false");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await page.Locator("#urgent").SelectOptionAsync("");
        await page.Locator("#search").FillAsync("入户核查(网页)");
        await page.Locator("#search").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#list-count")).ToHaveTextAsync("共 1 项申请");
        await page.Locator("#search").FillAsync("");
        await page.Locator("#search").PressAsync("Enter");
        await page.Locator("#status-title").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("portal-department-zh.png"), FullPage = true });

        // The language switch (keyboard) turns the whole page, the timeline included, to English.
        await page.Locator("header.portal-bar button", new() { HasText = "English" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Department desk: community work applications");
        await Assertions.Expect(page.Locator("#status dl.facts")).ToContainTextAsync("Screening");
        await Assertions.Expect(page.Locator("#status ol.timeline > li").First).ToContainTextAsync("The department drafted the application");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("portal-department-en-switched.png"), FullPage = true });
    }

    [Fact]
    public async Task DepartmentPage_DraftEditedAndSubmitted_English()
    {
        await using var context = await browser.SignInAsync("department", "en");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/portal/department");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Department desk: community work applications");

        // A bad form in English: the API's messages in English, in place.
        await page.Locator("#new-application").ClickAsync();
        await page.Locator("#f-urgent").CheckAsync();
        await page.Locator("#save-draft").ClickAsync();
        await Assertions.Expect(page.Locator("#f-title-error")).ToHaveTextAsync("title is required");
        await Assertions.Expect(page.Locator("#f-urgencyJustification-error")).ToHaveTextAsync("urgencyJustification is required");
        await Assertions.Expect(page.Locator("#f-neededBy-error")).ToHaveTextAsync("neededBy is required for an urgent item");
        await Assertions.Expect(page.Locator("#f-title")).ToBeFocusedAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("portal-department-en-errors.png"), FullPage = true });

        // Saved as a draft, then edited and submitted from its status.
        await page.Locator("#f-urgent").UncheckAsync();
        const string title = "Elderly home visits (draft)";
        await FillValidAsync(page, title);
        await page.Locator("#save-draft").ClickAsync();
        await Assertions.Expect(page.Locator("#page-ok")).ToHaveTextAsync($"Saved the draft “{title}”.");
        await Assertions.Expect(page.Locator("#status dl.facts")).ToContainTextAsync("Draft");
        var row = page.Locator("#applications tbody tr", new() { HasText = title });
        await Assertions.Expect(row).ToContainTextAsync("Draft");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Edit the draft: {title}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#form-title")).ToHaveTextAsync("Edit the draft");
        await Assertions.Expect(page.Locator("#f-title")).ToHaveValueAsync(title);
        await Assertions.Expect(page.Locator("#target-units input[name=targetCommunities]").First).ToBeCheckedAsync();
        await page.Locator("#f-durationMonths").FillAsync("0");
        await page.Locator("#save-draft").ClickAsync();
        await Assertions.Expect(page.Locator("#f-durationMonths-error")).ToHaveTextAsync("durationMonths must be 1–60");
        await page.Locator("#f-durationMonths").FillAsync("6");
        await page.Locator("#f-supportTraining").FillAsync("Two training sessions for community staff");
        await page.Locator("#save-draft").ClickAsync();
        await Assertions.Expect(page.Locator("#page-ok")).ToHaveTextAsync($"Saved the draft “{title}”.");
        await Assertions.Expect(page.Locator("#status ol.timeline > li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#status ol.timeline > li").Last).ToContainTextAsync("The department edited the draft");

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit this draft" }).ClickAsync();
        await Assertions.Expect(page.Locator("#page-ok")).ToHaveTextAsync($"Submitted “{title}”.");
        await Assertions.Expect(page.Locator("#status dl.facts")).ToContainTextAsync("Screening");
        await Assertions.Expect(row).ToContainTextAsync("Screening");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("portal-department-en.png"), FullPage = true });
    }

    [Fact]
    public async Task DepartmentPage_FundingConfirmation_WrongTotalInPlace_ThenConfirmed()
    {
        // An urgent item the office approves at once (the emergency track) reaches the department's funding confirmation.
        await using var department = await browser.SignInAsync("department");
        var created = await department.APIRequest.PostAsync("/api/applications?submit=true", new APIRequestContextOptions
        {
            DataObject = new
            {
                title = "防汛紧急排查", description = "汛期前排查低洼地带住户", category = "Task", legalBasis = "《防洪法》", wholeDistrict = false,
                targetCommunities = new[] { await FirstCommunityAsync(department) }, startDate = ChinaDay(20), durationMonths = 1, workloadHoursPerMonth = 6,
                fundingPerCommunity = 800, urgent = true, urgencyJustification = "汛期将至", neededBy = ChinaDay(20),
            },
        });
        Assert.True(created.Ok, await created.TextAsync());
        var id = (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;

        await using var office = await browser.SignInAsync("office");
        var approval = await WaitForTaskAsync(office, id);
        var approved = await office.APIRequest.PostAsync($"/api/workflows/tasks/{approval}/complete", new APIRequestContextOptions
        {
            DataObject = new { outcome = "Approve", comment = "同意即时审批" },
        });
        Assert.True(approved.Ok, await approved.TextAsync());
        await WaitForTaskAsync(department, id);

        var page = await department.NewPageAsync();
        await page.GotoAsync("/portal/department");
        var card = page.Locator("#tasks article", new() { HasText = "防汛紧急排查" });
        await Assertions.Expect(card).ToContainTextAsync("800.00");
        await card.Locator("input[name=total]").FillAsync("500");
        await card.GetByRole(AriaRole.Button, new() { Name = "确认经费" }).ClickAsync();
        await Assertions.Expect(card.Locator("input[name=total]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(card.Locator("p.error").First).ToContainTextAsync("确认的总额须为 800.00 元");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("portal-department-zh-funding.png"), FullPage = true });

        await card.Locator("input[name=total]").FillAsync("800");
        await card.GetByRole(AriaRole.Button, new() { Name = "确认经费" }).ClickAsync();
        await Assertions.Expect(page.Locator("#page-ok")).ToContainTextAsync("已办结");
        await Assertions.Expect(card).ToHaveCountAsync(0);
        var status = await (await department.APIRequest.GetAsync($"/api/applications/{id}/status")).JsonAsync();
        Assert.NotEqual("Funding", status!.Value.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task DepartmentPage_PhoneWidth_NoSidewaysScrolling()
    {
        await using var context = await browser.SignInAsync("department", width: 390, height: 844);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/portal/department");
        await Assertions.Expect(page.Locator("#list-count")).Not.ToBeEmptyAsync();
        await page.Locator("#new-application").ClickAsync();
        await page.Locator("#add-form").ClickAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways at phone width");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("portal-department-zh-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task DepartmentPage_OtherRoleGets403_AnonymousGoesToLogin()
    {
        await using var community = await browser.SignInAsync("community");
        var page = await community.NewPageAsync();
        var response = await page.GotoAsync("/portal/department");
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("无权访问此页面");
        var navigation = await (await community.APIRequest.GetAsync("/api/portal/navigation")).TextAsync();
        Assert.DoesNotContain("/portal/department", navigation, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("portal-department-zh-403.png") });

        await using var visitor = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, Locale = "zh-CN" });
        var anonymous = await visitor.NewPageAsync();
        await anonymous.GotoAsync("/portal/department");
        Assert.StartsWith("/login", new Uri(anonymous.Url).PathAndQuery, StringComparison.Ordinal);
    }

    private static async Task<string> FirstCommunityAsync(IBrowserContext context)
    {
        var me = (await (await context.APIRequest.GetAsync("/api/auth/me")).JsonAsync())!.Value;
        var district = (await (await context.APIRequest.GetAsync($"/api/organisation/districts/{me.GetProperty("district").GetString()}")).JsonAsync())!.Value;
        return district.GetProperty("streets")[0].GetProperty("communities")[0].GetProperty("code").GetString()!;
    }

    /// <summary>The caller's open task about an application (the workflow moves on its own after a completion).</summary>
    private static async Task<string> WaitForTaskAsync(IBrowserContext context, string applicationId)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var tasks = (await (await context.APIRequest.GetAsync("/api/workflows/tasks")).JsonAsync())!.Value;
            foreach (var task in tasks.EnumerateArray())
            {
                if (task.TryGetProperty("context", out var ctx) && ctx.ValueKind == JsonValueKind.Object
                    && ctx.TryGetProperty("applicationId", out var app) && app.GetString() == applicationId)
                {
                    return task.GetProperty("id").GetString()!;
                }
            }

            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"no open task about {applicationId} for this account");
    }
}
