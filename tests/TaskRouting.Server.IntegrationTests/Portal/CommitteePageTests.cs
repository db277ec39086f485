using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaskRouting.Server.IntegrationTests.Admission;
using TaskRouting.Server.IntegrationTests.Infrastructure;
using TaskRouting.Server.IntegrationTests.Studio;

namespace TaskRouting.Server.IntegrationTests.Portal;

/// <summary>
/// The committee's page (/portal/committee) deciding items that reached it the real way: filed by the department,
/// queued by the office, taken into the January 2026 review window (the clock moved), sent to the vote, voted on by their
/// street and community in the street gateway, tallied. The server is the production one on PostgreSQL and RabbitMQ,
/// listening on a loopback port for Chromium.
/// </summary>
public sealed class CommitteePageTests(CommitteePageTests.Fixture server) : IClassFixture<CommitteePageTests.Fixture>
{
    /// <summary>
    /// District DX with two items at the committee: one within the burden cap (community DX01001, 5 h a month) and one
    /// over it (DX01002, 45 h against the cap of 40), each passed by its street and community; one community evaluated
    /// the department for 2025-H2. The clock stands on Sunday 4 January 2026, just after the window opened.
    /// </summary>
    public sealed class Fixture : AdmissionFixture, IAsyncLifetime
    {
        public const string Light = "社区安全巡查台账";
        public const string Heavy = "入户人口普查全覆盖";
        private IPlaywright? _playwright;

        public Guid LightId { get; private set; }

        public Guid HeavyId { get; private set; }

        public IBrowser Browser { get; private set; } = null!;

        protected override bool ListensOnLoopback => true;

        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            LightId = await FileAsync(Application(Light, wholeDistrict: false, communities: ["DX01001"]));
            HeavyId = await FileAsync(Application(Heavy, wholeDistrict: false, communities: ["DX01002"], hoursPerMonth: 45m));
            foreach (var id in new[] { LightId, HeavyId })
            {
                await Json(await CompleteTaskAsync("office", id, "Queue"));
            }

            await AdvanceToAsync("2026-01-04T00:10:00");
            await Json(await (await As("c-DX01003")).PostAsJsonAsync("/api/evaluations", new { target = Department, period = "2025-H2", score = 88 }));
            foreach (var id in new[] { LightId, HeavyId })
            {
                Assert.Equal("Review", (await StatusAsync("dept", id)).GetProperty("stage").GetString());
                await Json(await CompleteTaskAsync("office", id, "SendToVote"));
            }

            // Each item's street and community vote in their street subsystem; the tally runs once all have voted.
            await Json(await VoteAsync("s-DX01", LightId, "Approve", "同意"));
            await Json(await VoteAsync("c-DX01001", LightId, "Approve", "同意"));
            await Json(await VoteAsync("s-DX01", HeavyId, "Approve", "同意"));
            await Json(await VoteAsync("c-DX01002", HeavyId, "Approve", "工作量大,但可以承担"));
            foreach (var id in new[] { LightId, HeavyId })
            {
                await EventuallyAsync(async () => (await StatusAsync("dept", id)).GetProperty("stage").GetString() == "Committee", $"{id} to reach the committee");
            }

            _playwright = await Playwright.CreateAsync();
            Browser = await Chromium.LaunchAsync(_playwright);
            Directory.CreateDirectory(StudioFixture.Screenshots);
        }

        private async Task<Guid> FileAsync(object application)
        {
            var created = await Json(await (await As("dept")).PostAsJsonAsync("/api/applications?submit=true", application));
            return created.GetProperty("id").GetGuid();
        }

        /// <summary>A browser context signed in as the user, its clock at the server's (moved) time and running on.</summary>
        public async Task<IBrowserContext> SignInAsync(string user, int width = 1280, int height = 900)
        {
            var context = await Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = width, Height = height },
            });
            await context.Clock.InstallAsync(new ClockInstallOptions { TimeDate = Time.GetUtcNow().UtcDateTime });
            var login = await context.APIRequest.PostAsync("/api/auth/login", new APIRequestContextOptions
            {
                DataObject = new { userName = user, password = ProductionServerFixture.Password },
            });
            Assert.Equal(200, login.Status);
            return context;
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            if (Browser is not null)
            {
                await Browser.CloseAsync();
            }

            _playwright?.Dispose();
            await DisposeAsync();
        }
    }

    private static Task<JsonElement> Json(HttpResponseMessage response) => AdmissionFixture.Json(response);

    [Fact]
    public async Task CommitteePage_ItemsThatPassedTheVote_ShowVoteBurdenAndScore_RejectNeedsAReason_ThenApproveAfterSwitchingToEnglish()
    {
        await using var context = await server.SignInAsync("committee");
        var page = await context.NewPageAsync();
        Assert.Equal(200, (await page.GotoAsync("/portal/committee"))!.Status);
        await Assertions.Expect(page.Locator("body[data-ready=true]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.Locator("#inbox-note")).ToHaveTextAsync("共 2 项待审批。");
        var light = page.Locator("article.task", new() { HasText = Fixture.Light });
        var heavy = page.Locator("article.task", new() { HasText = Fixture.Heavy });

        // What the committee decides on: the tally in its own language, the burden flag with its detail, the department's score.
        await Assertions.Expect(light.Locator("dd.vote")).ToHaveTextAsync(new Regex("^表决通过:赞成 2、反对 0、弃权 0、未表决 0,共 2 个单位;通过线 60 ?%$"));
        await Assertions.Expect(light.Locator("dd.burden")).ToHaveTextAsync("未超上限");
        await Assertions.Expect(light.Locator("p.desc")).ToHaveTextAsync(new Regex($"^{Fixture.Light}。表决:赞成 2、[^a-z]+$"));
        await Assertions.Expect(heavy.Locator("p.desc")).ToHaveTextAsync(new Regex("。1 个社区准入后每月预计超过 40 小时[^a-z]+$"));
        await Assertions.Expect(light.Locator("dd.burden")).Not.ToHaveClassAsync(new Regex("flagged"));
        await Assertions.Expect(heavy.Locator("dd.burden.flagged")).ToHaveTextAsync("超过每月工时上限:1 个社区准入后每月预计超过 40 小时(最高 45 小时:社区DX01002)");
        await Assertions.Expect(heavy.Locator(".meta .flag")).ToHaveTextAsync("负担超上限");
        await Assertions.Expect(light.Locator("dd.score")).ToHaveTextAsync("2025-H2:平均 88.0 分(1 份评议)");
        // Ten working days from the window's opening, counted down on the page's clock (the server's moved time).
        await Assertions.Expect(light.Locator("[data-due]")).ToHaveTextAsync(new Regex("^还剩 1[0-9] 天"));
        await DeskPagesFixture.ShotAsync(page, "committee-zh-inbox");

        // Refusing without a reason: the API's error next to the reason field, the item still at the committee.
        await heavy.Locator("select[name=outcome]").SelectOptionAsync("Reject");
        await heavy.Locator("button[type=submit]").ClickAsync();
        var reason = heavy.Locator("textarea[name=comment]");
        await Assertions.Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#" + (await reason.GetAttributeAsync("aria-describedby"))!.Split(' ')[0])).Not.ToBeEmptyAsync();
        await DeskPagesFixture.ShotAsync(page, "committee-zh-reject-error");
        Assert.Equal("Committee", (await server.StatusAsync("dept", server.HeavyId)).GetProperty("stage").GetString());

        await reason.FillAsync("社区每月负担过重,请压减工作量后重报");
        await heavy.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync($"已办结:委员会审批 · {Fixture.Heavy}(不批准)");
        await Assertions.Expect(heavy).ToHaveCountAsync(0);
        var rejected = await server.StatusAsync("dept", server.HeavyId);
        Assert.Equal(("Reject", "社区每月负担过重,请压减工作量后重报"), (rejected.GetProperty("decision").GetString(), rejected.GetProperty("decisionReason").GetString()));
        Assert.NotEqual("Committee", rejected.GetProperty("stage").GetString());

        // The header's switch turns the page (and <html lang>) to English; the remaining item approved in English.
        await page.Locator("#portal-header button", new() { HasText = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Committee approvals");
        await Assertions.Expect(page.Locator("#inbox-note")).ToHaveTextAsync("1 item to approve.");
        await Assertions.Expect(light.Locator("dd.vote")).ToHaveTextAsync(new Regex("^The vote passed: 2 approve, 0 reject, 0 abstain, 0 did not vote, of 2; pass line 60 ?%$"));
        await Assertions.Expect(light.Locator("dd.burden")).ToHaveTextAsync("Within the cap");
        await Assertions.Expect(light.Locator("p.desc")).ToHaveTextAsync(new Regex($"^{Fixture.Light}. Vote: 2 approve, [^赞]+$"));
        await Assertions.Expect(light.Locator("dd.score")).ToHaveTextAsync("2025-H2: average 88.0 (1 evaluation)");
        await Assertions.Expect(light.Locator("[data-due]")).ToHaveTextAsync(new Regex(@"^1[0-9] d \d+ h left$"));
        await DeskPagesFixture.ShotAsync(page, "committee-en-inbox");
        // At phone width the cards with their facts and forms reflow, every control named.
        await page.SetViewportSizeAsync(375, 800);
        await PortalAccessibilityTests.AuditAsync(page);
        await DeskPagesFixture.ShotAsync(page, "committee-en-phone");
        await page.SetViewportSizeAsync(1280, 900);

        await light.Locator("select[name=outcome]").SelectOptionAsync("Approve");
        await light.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync($"Completed: Committee approval · {Fixture.Light} (Approve)");
        await Assertions.Expect(page.Locator("#tasks")).ToHaveTextAsync("Nothing to approve.");
        await DeskPagesFixture.ShotAsync(page, "committee-en-approved");
        var approved = await server.StatusAsync("dept", server.LightId);
        Assert.Equal(("Funding", "Approve", "DX-2026-H1-001"), (approved.GetProperty("stage").GetString(), approved.GetProperty("decision").GetString(),
            approved.GetProperty("admissionNumber").GetString()));
        using var anonymous = server.Factory.CreateClient();
        Assert.Contains((await Json(await anonymous.GetAsync("/api/public/DX/plan-list?year=2026"))).EnumerateArray(),
            p => p.GetProperty("number").GetString() == "DX-2026-H1-001" && p.GetProperty("title").GetString() == Fixture.Light);

        // Both decisions are in the audit trail under the committee member's name.
        var audit = await Json(await (await server.As("auditor")).GetAsync("/api/audit?entityType=workflow-instance&pageSize=200"));
        Assert.Equal(2, audit.GetProperty("items").EnumerateArray()
            .Count(e => e.GetProperty("actorName").GetString() == "committee" && e.GetProperty("action").GetString() == "workflow.task-completed"));
    }
}
