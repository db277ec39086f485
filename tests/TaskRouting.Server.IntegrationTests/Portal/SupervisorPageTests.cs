using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TaskRouting.Activities.Escalation;

namespace TaskRouting.Server.IntegrationTests.Portal;

/// <summary>The inspection office's desk (/portal/supervisor) in Chromium: resolving an alert and extending a deadline.</summary>
[Collection(DeskPagesCollection.Name)]
public sealed class SupervisorPageTests(DeskPagesFixture browser)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private async Task<Alert> AlertAsync(Guid id)
    {
        await using var db = browser.Database();
        return await db.Set<Alert>().AsNoTracking().SingleAsync(a => a.Id == id);
    }

    [Fact]
    public async Task Supervisor_ResolvesAnAlert_AndExtendsADeadline_AMissingReasonRefusedInPlace_InBothLanguages()
    {
        var now = TimeProvider.System.GetUtcNow();
        var resolveMe = await browser.RaiseSupervisorAlertAsync("“社区养老台账”评审逾期", "The review of “elderly care ledger” is overdue", null);
        var due = new DateTimeOffset(now.ToOffset(China).Date.AddDays(2).AddHours(17), China);
        var extendMe = await browser.RaiseSupervisorAlertAsync("“入户走访记录”整改逾期", "The correction of “home visit records” is overdue", due);

        await using var context = await browser.SignInAsync("supervisor");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/portal/supervisor");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("督查工作台");
        var first = page.Locator($"#alert-{resolveMe.Id}");
        await Assertions.Expect(first).ToContainTextAsync("社区养老台账");
        await Assertions.Expect(first).ToContainTextAsync("超时未办");

        await first.GetByRole(AriaRole.Button, new() { Name = "已处理" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("提醒已处理。");
        await Assertions.Expect(first).ToHaveCountAsync(0);
        Assert.NotNull((await AlertAsync(resolveMe.Id)).ResolvedAt);

        // Extending needs a reason: refused next to the reason field, the deadline unchanged.
        var card = page.Locator($"#alert-{extendMe.Id}");
        await card.Locator("summary").ClickAsync();
        await Assertions.Expect(card.Locator($"#alert-{extendMe.Id}-current")).ToContainTextAsync("当前期限");
        var later = due.AddDays(3);
        await card.Locator("input[name=dueAt]").FillAsync(later.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await card.GetByRole(AriaRole.Button, new() { Name = "延期", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator($"#alert-{extendMe.Id}-reason-error")).ToHaveTextAsync("延期须说明理由");
        await Assertions.Expect(card.Locator("textarea[name=reason]")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(due, (await AlertAsync(extendMe.Id)).DueAt);
        await DeskPagesFixture.ShotAsync(page, "supervisor-zh-missing-reason");

        await card.Locator("textarea[name=reason]").FillAsync("街道正在集中整改,申请延期三天");
        await card.GetByRole(AriaRole.Button, new() { Name = "延期", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("期限已延至");
        Assert.Equal(later, (await AlertAsync(extendMe.Id)).DueAt);
        await Assertions.Expect(page.Locator($"#alert-{extendMe.Id}")).ToContainTextAsync(later.ToString("MM/dd", CultureInfo.InvariantCulture));
        await DeskPagesFixture.ShotAsync(page, "supervisor-zh");

        await page.Locator("#portal-header button", new() { HasText = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Inspection office desk");
        await Assertions.Expect(page.Locator($"#alert-{extendMe.Id}")).ToContainTextAsync("The correction of “home visit records” is overdue");
        await Assertions.Expect(page.Locator("#notice-form label[for=n-period]")).ToHaveTextAsync("Month");
        await DeskPagesFixture.ShotAsync(page, "supervisor-en");
    }
}
