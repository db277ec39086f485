using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace TaskRouting.Server.IntegrationTests.Portal;

/// <summary>The operations desk (/portal/operator) in Chromium: queues, outboxes, dead letters and the throughput chart.</summary>
[Collection(DeskPagesCollection.Name)]
public sealed class OperatorPageTests(DeskPagesFixture browser)
{
    [Fact]
    public async Task Operator_SeesTheQueuesAndTheThroughputChart_InBothLanguages_AndOnAPhone()
    {
        await using var context = await browser.SignInAsync("operator");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/portal/operator");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("运维工作台");
        await Assertions.Expect(page.Locator("#queue-table")).ToContainTextAsync("central-votes");
        await Assertions.Expect(page.Locator("#sides")).ToContainTextAsync("中心侧发件箱待发");
        await Assertions.Expect(page.Locator("#throughput-svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#throughput-svg > title")).ToHaveTextAsync("每分钟转发的消息");
        Assert.Equal("img", await page.Locator("#throughput-svg").GetAttributeAsync("role"));
        await Assertions.Expect(page.Locator("main a[href='/hangfire']")).ToBeVisibleAsync();
        await DeskPagesFixture.ShotAsync(page, "operator-zh");

        var throughput = await (await context.APIRequest.GetAsync("/api/operations/messaging/throughput?minutes=60")).JsonAsync();
        Assert.Equal(60, throughput!.Value.GetProperty("minutes").GetArrayLength());
        Assert.Equal(400, (await context.APIRequest.GetAsync("/api/operations/messaging/throughput?minutes=2")).Status);

        await page.Locator("#portal-header button", new() { HasText = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Operations desk");
        await Assertions.Expect(page.Locator("#throughput-svg > title")).ToHaveTextAsync("Messages relayed per minute");
        await Assertions.Expect(page.Locator("#queue-table thead")).ToContainTextAsync("Consumers");
        await DeskPagesFixture.ShotAsync(page, "operator-en");

        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(page.Locator("#throughput-svg")).ToHaveAttributeAsync("viewBox", new Regex("^0 0 3[0-9]{2} "));
        Assert.False(await DeskPagesFixture.OverflowsAsync(page), "the operations desk scrolls sideways at phone width");
        await DeskPagesFixture.ShotAsync(page, "operator-en-phone");
    }

    [Fact]
    public async Task Operator_ADeadLetterArrives_ShownAndAnnouncedWithoutReload()
    {
        await using var context = await browser.SignInAsync("operator");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/portal/operator?refresh=1");
        await Assertions.Expect(page.Locator("body[data-ready=true]")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        var type = $"TaskRouting.Contracts.Dispatch.TaskCompleted#{Guid.NewGuid().ToString("N")[..6]}";
        await browser.AddDeadLetterAsync(type, "InvalidOperationException: 测试用的失败 / a failure for the test");

        await Assertions.Expect(page.Locator("#dead-letters")).ToContainTextAsync(type);
        await Assertions.Expect(page.Locator("#portal-updates")).ToContainTextAsync($"死信 {type}(中心侧)");
        await Assertions.Expect(page.Locator("#sides")).ToContainTextAsync("中心侧死信");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the desk was reloaded");
        await DeskPagesFixture.ShotAsync(page, "operator-zh-live");
    }
}
