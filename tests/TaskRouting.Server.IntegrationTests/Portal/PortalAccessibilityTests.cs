using Microsoft.Playwright;
using TaskRouting.Server.Hosting;
using TaskRouting.Server.IntegrationTests.Studio;

namespace TaskRouting.Server.IntegrationTests.Portal;

/// <summary>
/// Every page of <see cref="PortalPages"/> served from wwwroot, opened at phone width (375 px) by someone allowed to see
/// it (the first of its roles; nobody signed in for a public page), checked in the page in Chinese and again after its
/// own language switch: names for every form control, button, link and image, id references that resolve, &lt;html
/// lang&gt; following the language, a visible focus on every keyboard stop, and no sideways scrolling.
/// </summary>
public sealed class PortalAccessibilityTests(OfficePortalTests.Fixture browser) : IClassFixture<OfficePortalTests.Fixture>
{
    /// <summary>Runs in the page; returns one line per problem (empty: none).</summary>
    private const string Audit =
        """
        () => {
          const problems = [];
          const text = (node) => (node?.textContent || '').replace(/\s+/g, ' ').trim();
          const describe = (node) => {
            const html = node.outerHTML.replace(/\s+/g, ' ');
            return html.length > 160 ? html.slice(0, 160) + '…' : html;
          };
          const byIds = (node, attribute) => (node.getAttribute(attribute) || '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id));
          // The accessible name as the accname rules give it for these elements (enough for the markup the portal uses).
          const nameOf = (node) => {
            const labelledBy = byIds(node, 'aria-labelledby').filter(Boolean).map(text).join(' ').trim();
            if (labelledBy) return labelledBy;
            const aria = (node.getAttribute('aria-label') || '').trim();
            if (aria) return aria;
            if (node.matches('input, select, textarea')) {
              if (node.matches('input[type=submit], input[type=button], input[type=reset]')) return (node.value || '').trim();
              const labels = [...(node.labels || [])].map(text).join(' ').trim();
              if (labels) return labels;
            } else {
              const own = [...node.childNodes].map((c) => c.nodeType === Node.TEXT_NODE ? c.textContent
                : c.nodeType === Node.ELEMENT_NODE ? (c.matches('img') ? c.getAttribute('alt') || '' : c.matches('svg') ? '' : nameOf(c) || text(c)) : '').join(' ');
              if (own.replace(/\s+/g, ' ').trim()) return own.replace(/\s+/g, ' ').trim();
            }
            return (node.getAttribute('title') || '').trim();
          };
          for (const node of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
            if (!nameOf(node)) problems.push('form control without a label: ' + describe(node));
          }
          for (const node of document.querySelectorAll('button, a[href], [role=button], [role=link], summary')) {
            if (!nameOf(node)) problems.push('button or link without a name: ' + describe(node));
          }
          for (const node of document.querySelectorAll('img')) {
            if (!node.hasAttribute('alt')) problems.push('image without alt: ' + describe(node));
          }
          for (const node of document.querySelectorAll('svg[role=img]')) {
            if (!nameOf(node) && !text(node.querySelector(':scope > title'))) problems.push('chart without a title: ' + describe(node));
          }
          for (const node of document.querySelectorAll('[role=button], [role=link], [onclick]')) {
            if (!node.matches('a[href], button, input, select, textarea, summary') && node.tabIndex < 0) problems.push('clickable but not reachable by keyboard: ' + describe(node));
          }
          for (const attribute of ['aria-labelledby', 'aria-describedby', 'aria-controls']) {
            for (const node of document.querySelectorAll(`[${attribute}]`)) {
              if (byIds(node, attribute).some((target) => !target)) problems.push(`${attribute} naming a missing id: ` + describe(node));
            }
          }
          for (const node of document.querySelectorAll('label[for]')) {
            if (!document.getElementById(node.htmlFor)) problems.push('label for a missing id: ' + describe(node));
          }
          const seen = new Map();
          for (const node of document.querySelectorAll('[id]')) seen.set(node.id, (seen.get(node.id) || 0) + 1);
          for (const [id, count] of seen) if (count > 1) problems.push(`id used ${count} times: ${id}`);
          if (document.documentElement.scrollWidth > window.innerWidth + 1) {
            const wide = [...document.querySelectorAll('body *')].filter((n) => n.getBoundingClientRect().right > window.innerWidth + 1 && !n.closest('.table-wrap'));
            problems.push(`scrolls sideways (${document.documentElement.scrollWidth} px > ${window.innerWidth} px): ` + wide.slice(0, 3).map(describe).join(' | '));
          }
          return problems;
        }
        """;

    /// <summary>Runs in the page on the focused element: true when focus is drawn (an outline or a ring).</summary>
    private const string FocusShows =
        """
        () => {
          const node = document.activeElement;
          if (!node || node === document.body) return 'none';
          const style = getComputedStyle(node);
          const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
          const ring = style.boxShadow && style.boxShadow !== 'none';
          return outline || ring ? '' : node.outerHTML.slice(0, 160);
        }
        """;

    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in PortalPages.All.Where(p => p.File is not null))
        {
            data.Add(page.Path, page.Roles.Length == 0 ? "" : page.Roles[0].ToString().ToLowerInvariant());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_AtPhoneWidth_InBothLanguages_NamesEveryControl_FollowsTheLanguage_ShowsFocus_NoSidewaysScroll(string path, string role)
    {
        // Something in the inboxes, so that their task forms are checked too.
        await browser.SubmitApplicationAsync($"无障碍检查 {Guid.NewGuid().ToString("N")[..6]}");
        await using var context = role.Length == 0
            ? await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 375, Height = 800 } })
            : await browser.SignInAsync(role, language: null, 375, 800);

        var page = await context.NewPageAsync();
        Assert.Equal(200, (await page.GotoAsync(path))!.Status);
        await ReadyAsync(page);
        var name = path.Trim('/').Replace('/', '-');

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await AuditAsync(page);
        await FocusAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioFixture.Screenshots, $"a11y-{name}-zh-375.png"), FullPage = true });

        // The page's own switch (the portal header's, or the public pages' #lang): everything again in English.
        await page.Locator("#portal-header button, #lang").Filter(new() { HasText = "English" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator("#portal-header button, #lang").Filter(new() { HasText = "中文" }).First).ToBeVisibleAsync();
        await AuditAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioFixture.Screenshots, $"a11y-{name}-en-375.png"), FullPage = true });

        // Chosen once, kept: the next visit opens in English.
        var again = await context.NewPageAsync();
        await again.GotoAsync(path);
        await ReadyAsync(again);
        await Assertions.Expect(again.Locator("html")).ToHaveAttributeAsync("lang", "en");
    }

    [Fact]
    public async Task Audit_OnAPageWithKnownFaults_NamesEachOne()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 375, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.SetContentAsync(
            """
            <main>
              <label for="named">Named</label><input id="named"><input id="unnamed"><select aria-label="Picked"></select><textarea></textarea>
              <label>Wrapped <input type="checkbox"></label><button></button><button aria-label="Close">×</button><a href="/x"><img src="x.png"></a>
              <span role="button">press</span><p aria-describedby="nowhere">text</p><p id="twice"></p><p id="twice"></p>
              <svg role="img" width="10" height="10"></svg><div style="width: 600px">wide</div>
            </main>
            """);
        var problems = await page.EvaluateAsync<string[]>(Audit);
        Assert.Equal(2, problems.Count(p => p.StartsWith("form control without a label", StringComparison.Ordinal)));
        Assert.Contains(problems, p => p.StartsWith("form control without a label", StringComparison.Ordinal) && p.Contains("unnamed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("form control without a label", StringComparison.Ordinal) && p.Contains("<textarea", StringComparison.Ordinal));
        Assert.Equal(2, problems.Count(p => p.StartsWith("button or link without a name", StringComparison.Ordinal)));
        Assert.Single(problems, p => p.StartsWith("image without alt", StringComparison.Ordinal));
        Assert.Single(problems, p => p.StartsWith("chart without a title", StringComparison.Ordinal));
        Assert.Single(problems, p => p.StartsWith("clickable but not reachable by keyboard", StringComparison.Ordinal));
        Assert.Single(problems, p => p.StartsWith("aria-describedby naming a missing id", StringComparison.Ordinal));
        Assert.Single(problems, p => p == "id used 2 times: twice");
        Assert.Single(problems, p => p.StartsWith("scrolls sideways", StringComparison.Ordinal));
        Assert.Equal(10, problems.Length);

        await page.SetContentAsync("""<style>button:focus-visible { outline: 3px solid #000; } input:focus { outline: none; }</style><button>ok</button><input aria-label="no ring">""");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("", await page.EvaluateAsync<string>(FocusShows));
        await page.Keyboard.PressAsync("Tab");
        Assert.StartsWith("<input", await page.EvaluateAsync<string>(FocusShows), StringComparison.Ordinal);
    }

    /// <summary>Runs the page checks (names, ids, sideways scrolling) where the page stands; fails with every problem found.</summary>
    internal static async Task AuditAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var problems = await page.EvaluateAsync<string[]>(Audit);
        Assert.True(problems.Length == 0, $"{page.Url} in {await page.EvaluateAsync<string>("() => document.documentElement.lang")}:\n" + string.Join("\n", problems));
    }

    private static async Task ReadyAsync(IPage page)
    {
        if (await page.Locator("#portal-header").CountAsync() > 0)
        {
            await Assertions.Expect(page.Locator("body[data-ready=true]")).ToBeVisibleAsync();
        }

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>Tabs through the first stops of the page: each must take the focus visibly.</summary>
    private static async Task FocusAsync(IPage page)
    {
        var hidden = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var problem = await page.EvaluateAsync<string>(FocusShows);
            if (problem == "none")
            {
                break;
            }

            if (problem.Length > 0)
            {
                hidden.Add(problem);
            }
        }

        Assert.True(hidden.Count == 0, $"{page.Url}: focus not shown on\n" + string.Join("\n", hidden));
    }
}
