using System.Globalization;
using Microsoft.Playwright;

namespace TaskRouting.Server.IntegrationTests.Portal;

/// <summary>The street and community desk (/portal/street) in Chromium; also who may open the three desk pages.</summary>
[Collection(DeskPagesCollection.Name)]
public sealed class StreetPageTests(DeskPagesFixture browser)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

    private static string Yesterday() =>
        TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<int> ReportsAsync(IBrowserContext context) =>
        (await (await context.APIRequest.GetAsync("/api/street/violations")).JsonAsync())!.Value.GetArrayLength();

    [Fact]
    public async Task Community_ReportsAViolation_ABadAttachmentIsRefusedInPlace_ThenAGoodOneIsListed_InBothLanguages()
    {
        await using var context = await browser.SignInAsync("community");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/portal/street");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("街道与社区工作台");
        await Assertions.Expect(page.Locator("#burden .tile").First).ToBeVisibleAsync();
        var before = await ReportsAsync(context);

        // A "photo" that is really text: the API's error for that file shows next to it, and nothing is stored.
        await page.Locator("#r-unit").SelectOptionAsync("370299-WJ");
        await page.Locator("#r-date").FillAsync(Yesterday());
        await page.Locator("#r-what").FillAsync("卫健局要求社区每周填报健康台账(未经准入)");
        await page.Locator("#r-evidence").FillAsync("微信群通知截图");
        await page.Locator("#r-files").SetInputFilesAsync(new[] { new FilePayload { Name = "notice.png", MimeType = "image/png", Buffer = "not a picture"u8.ToArray() } });
        await page.Locator("#report-form button[type=submit]").ClickAsync();
        var file = page.Locator("#r-file-list [data-field='attachments[0]']");
        await Assertions.Expect(file).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#r-file-0-error")).ToContainTextAsync("文件内容与类型 image/png 不符");
        Assert.Equal(before, await ReportsAsync(context));
        await DeskPagesFixture.ShotAsync(page, "street-zh-bad-attachment");

        // The real photo goes through; the report shows in the unit's list with its case status.
        await page.Locator("#r-files").SetInputFilesAsync(new[] { new FilePayload { Name = "notice.png", MimeType = "image/png", Buffer = Png } });
        await Assertions.Expect(file).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await page.Locator("#report-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("举报已提交");
        await Assertions.Expect(page.Locator("#reports-table")).ToContainTextAsync("卫健局要求社区每周填报健康台账");
        Assert.Equal(before + 1, await ReportsAsync(context));
        Assert.Equal("", await page.Locator("#r-what").InputValueAsync());
        await DeskPagesFixture.ShotAsync(page, "street-zh");

        // The header's language switch is a keyboard-usable button.
        await page.Locator("#portal-header button", new() { HasText = "English" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Street and community desk");
        await Assertions.Expect(page.Locator("#reports-table thead")).ToContainTextAsync("Case status");
        await Assertions.Expect(page.Locator("#burden")).ToContainTextAsync("Within the cap");
        await Assertions.Expect(page.Locator("label[for=r-files]")).ToContainTextAsync("Evidence files");
        await DeskPagesFixture.ShotAsync(page, "street-en");

        // A missing field in English: the error sits by its input.
        await page.Locator("#r-unit").SelectOptionAsync("370299-WJ");
        await page.Locator("#r-date").FillAsync(Yesterday());
        await page.Locator("#report-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#r-what-error")).ToHaveTextAsync("what is required");
        await Assertions.Expect(page.Locator("#r-what")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(before + 1, await ReportsAsync(context));
        await DeskPagesFixture.ShotAsync(page, "street-en-missing-field");
    }

    [Fact]
    public async Task Community_CastsAVote_AndAnswersATask_ARefusalWithoutAReasonIsRefusedInPlace()
    {
        var (vote, dispatch) = await browser.SeedCommunityInboxAsync("独居老人走访记录");
        await using var context = await browser.SignInAsync("community");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/portal/street");

        var ballot = page.Locator($"#vote-{vote}");
        await Assertions.Expect(ballot).ToContainTextAsync("尚未表决");
        await ballot.GetByLabel("赞成").CheckAsync();
        await ballot.GetByLabel("意见说明(可不填)").FillAsync("同意,但请简化表格");
        await ballot.GetByRole(AriaRole.Button, new() { Name = "提交表决" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("表决已提交。");
        await Assertions.Expect(page.Locator($"#vote-{vote}")).ToContainTextAsync("已表决:赞成 — 同意,但请简化表格");

        var task = page.Locator($"#task-{dispatch}");
        await task.GetByRole(AriaRole.Button, new() { Name = "拒绝承接" }).ClickAsync();
        await Assertions.Expect(page.Locator($"#task-{dispatch}-report-error")).ToHaveTextAsync("拒绝须说明理由");
        await Assertions.Expect(task.Locator("textarea")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(task).ToContainTextAsync("状态:待签收");
        await DeskPagesFixture.ShotAsync(page, "street-zh-refusal-needs-reason");

        await task.GetByRole(AriaRole.Button, new() { Name = "签收" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("已签收。");
        task = page.Locator($"#task-{dispatch}");
        await Assertions.Expect(task).ToContainTextAsync("状态:已签收");
        await task.Locator("textarea").FillAsync("本月已走访 12 户");
        await task.GetByRole(AriaRole.Button, new() { Name = "办结" }).ClickAsync();
        await Assertions.Expect(page.Locator($"#task-{dispatch}")).ToContainTextAsync("状态:已办结 — 本月已走访 12 户");
        await Assertions.Expect(page.Locator($"#task-{dispatch} form")).ToHaveCountAsync(0);
        await DeskPagesFixture.ShotAsync(page, "street-zh-vote-and-task");
    }

    [Fact]
    public async Task Street_FitsAPhone()
    {
        await using var context = await browser.SignInAsync("street", 390, 844);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/portal/street");
        await Assertions.Expect(page.Locator("#unit-line")).ToContainTextAsync("街道 370299001");
        await Assertions.Expect(page.Locator("#burden .tile").First).ToBeVisibleAsync();
        Assert.False(await DeskPagesFixture.OverflowsAsync(page), "the street desk scrolls sideways at phone width");
        await DeskPagesFixture.ShotAsync(page, "street-zh-phone");
    }

    [Theory]
    [InlineData("/portal/street")]
    [InlineData("/portal/supervisor")]
    [InlineData("/portal/operator")]
    public async Task Department_GetsTheNoAccessPage_AndAnAnonymousVisitorIsSentToSignIn(string path)
    {
        await using var department = await browser.SignInAsync("department");
        var page = await department.NewPageAsync();
        var response = await page.GotoAsync(path);
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("无权访问此页面");
        var navigation = await (await department.APIRequest.GetAsync("/api/portal/navigation")).TextAsync();
        Assert.DoesNotContain(path, navigation, StringComparison.Ordinal);

        await using var anonymous = await browser.AnonymousAsync();
        var visitor = await anonymous.NewPageAsync();
        await visitor.GotoAsync(path);
        Assert.StartsWith($"{browser.BaseUrl}/login", visitor.Url, StringComparison.Ordinal);
    }
}
