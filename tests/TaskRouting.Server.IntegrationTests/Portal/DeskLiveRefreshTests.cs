using Microsoft.Playwright;

namespace TaskRouting.Server.IntegrationTests.Portal;

/// <summary>
/// The desks' lists keep themselves current (Portal.live): with the page open at a one-second refresh, work that arrives
/// (a vote request and a dispatched task in the community's gateway inbox, an escalation to the supervisor) appears
/// without a reload and is announced.
/// </summary>
[Collection(DeskPagesCollection.Name)]
public sealed class DeskLiveRefreshTests(DeskPagesFixture browser)
{
    private static async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        Assert.Equal(200, (await page.GotoAsync(path))!.Status);
        await Assertions.Expect(page.Locator("body[data-ready=true]")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        return page;
    }

    [Fact]
    public async Task StreetDesk_AVoteRequestAndATaskArrive_ShownAndAnnouncedWithoutReload()
    {
        await using var context = await browser.SignInAsync("community");
        var page = await OpenAsync(context, "/portal/street?refresh=1");
        var title = $"独居老人走访 {Guid.NewGuid().ToString("N")[..6]}";

        var (voteRequestId, dispatchId) = await browser.SeedCommunityInboxAsync(title);

        await Assertions.Expect(page.Locator($"#vote-{voteRequestId}")).ToContainTextAsync(title);
        await Assertions.Expect(page.Locator($"#task-{dispatchId}")).ToContainTextAsync(title + "(下派)");
        await Assertions.Expect(page.Locator("#portal-updates")).ToContainTextAsync("新到 1 项:");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the desk was reloaded");
        await DeskPagesFixture.ShotAsync(page, "street-zh-live");
    }

    [Fact]
    public async Task SupervisorDesk_AnEscalationArrives_ShownAndAnnouncedWithoutReload_InEnglish()
    {
        await using var context = await browser.SignInAsync("supervisor", english: true);
        var page = await OpenAsync(context, "/portal/supervisor?refresh=1");

        var alert = await browser.RaiseSupervisorAlertAsync("“垃圾分类台账”评审逾期", "The review of “waste sorting ledger” is overdue", null);

        await Assertions.Expect(page.Locator($"#alert-{alert.Id}")).ToContainTextAsync("The review of “waste sorting ledger” is overdue");
        await Assertions.Expect(page.Locator("#portal-updates")).ToHaveTextAsync("1 new: The review of “waste sorting ledger” is overdue");

        // A keyboard user on one of that alert's buttons keeps focus there when the list is redrawn around it.
        var button = page.Locator($"#alert-{alert.Id} button").First;
        var label = await button.TextContentAsync();
        await button.FocusAsync();
        var next = await browser.RaiseSupervisorAlertAsync("“独居老人走访”整改逾期", "The correction of “visits to elderly people living alone” is overdue", null);
        await Assertions.Expect(page.Locator($"#alert-{next.Id}")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>($"() => document.activeElement?.closest('#alert-{alert.Id}') !== null && document.activeElement.tagName === 'BUTTON'"),
            "focus left the alert's button when the list was redrawn");
        Assert.Equal(label, await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the desk was reloaded");
        await DeskPagesFixture.ShotAsync(page, "supervisor-en-live");
    }
}
