using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace TaskRouting.Server.IntegrationTests.Studio;

/// <summary>The real Elsa Studio in Debian's Chromium against TaskRouting's server.</summary>
public class StudioBrowserTests(StudioFixture studio) : IClassFixture<StudioFixture>
{
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(90);

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(StudioFixture.Screenshots, name + ".png"), FullPage = false });

    private async Task<JsonObject> ApiAsync(IBrowserContext context, string method, string path, object? body = null)
    {
        var response = method == "GET"
            ? await context.APIRequest.GetAsync(studio.BaseUrl + path)
            : await context.APIRequest.PostAsync(studio.BaseUrl + path, new APIRequestContextOptions { DataObject = body ?? new { } });
        var text = await response.TextAsync();
        Assert.True(response.Ok, $"{method} {path}: {response.Status} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task Editor_ShippedAdmissionWorkflow_ShowsItsActivities_AndNothingLeavesTheServer()
    {
        await using var context = await studio.SignInAsync("designer");
        var foreign = new List<string>();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Load.TotalMilliseconds);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(studio.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal)
                && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                lock (foreign)
                {
                    foreign.Add(request.Url);
                }
            }
        };
        await page.GotoAsync("/studio/definitions/370299-admission");

        await page.Locator(".x6-node").First.WaitForAsync();
        foreach (var activity in new[] { "清单筛查 Screening", "批次评审 Batch review", "街道社区表决 Vote", "委员会审批 Committee", "督查检查 Inspect" })
        {
            await Assertions.Expect(page.Locator(".x6-node", new() { HasText = activity })).ToBeVisibleAsync();
        }

        Assert.Equal(16, await page.Locator(".x6-node").CountAsync());
        Assert.Equal("可编辑", await page.Locator("#mode").InnerTextAsync());
        await ShotAsync(page, "studio-editor-admission-designer");
        Assert.Empty(foreign);
    }

    [Fact]
    public async Task Editor_DragConnectSetInputPublish_TheNextInstanceRunsTheNewStep()
    {
        await using var context = await studio.SignInAsync("designer");
        var created = await ApiAsync(context, "POST", "/elsa/api/workflow-definitions", new
        {
            model = new
            {
                definitionId = (string?)null,
                name = "浏览器测试 " + Guid.NewGuid().ToString("N")[..6],
                root = new
                {
                    type = "Elsa.Flowchart",
                    id = "Flowchart1",
                    activities = new[] { new { id = "start", type = "Elsa.Start", version = 1, metadata = new { designer = new { position = new { x = 100, y = 100 } } } } },
                    connections = Array.Empty<object>(),
                },
            },
            publish = true,
        });
        var definitionId = created["workflowDefinition"]!["definitionId"]!.GetValue<string>();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Load.TotalMilliseconds);
        await page.GotoAsync($"/studio/definitions/{definitionId}");
        await page.Locator(".x6-node").First.WaitForAsync();

        // Drag "设置变量" (Set variable) from the toolbox onto the canvas; it is selected, so its inputs show.
        await page.GetByText("基础", new() { Exact = true }).ClickAsync();
        await page.GetByText("设置变量", new() { Exact = true }).First.DragToAsync(page.Locator(".x6-graph-svg").First, new() { TargetPosition = new() { X = 500, Y = 300 } });
        await Assertions.Expect(page.Locator(".x6-node")).ToHaveCountAsync(2);
        await page.Locator(".mud-input-control:has-text('变量') input").First.FillAsync("greeting");
        await page.Locator(".monaco-editor").First.ClickAsync();
        await page.Keyboard.TypeAsync("hello from the studio");

        // Connect Start's "完成" (Done) port to the new activity's input port.
        var ports = await page.Locator(".x6-port-body").EvaluateAllAsync<JsonElement>(
            "ps => ps.map(p => { const r = p.getBoundingClientRect(); return { group: p.getAttribute('port-group'), x: r.x + r.width / 2, y: r.y + r.height / 2 }; })");
        var source = ports.EnumerateArray().First(p => p.GetProperty("group").GetString() == "out");
        var target = ports.EnumerateArray().First(p => p.GetProperty("group").GetString() == "in");
        await page.Mouse.MoveAsync(source.GetProperty("x").GetSingle(), source.GetProperty("y").GetSingle());
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(target.GetProperty("x").GetSingle(), target.GetProperty("y").GetSingle(), new() { Steps = 10 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator(".x6-edge")).ToHaveCountAsync(1);
        await ShotAsync(page, "studio-editor-drag-connect");

        // Publish ("Publish workflow" is the primary toolbar button).
        await page.Locator(".mud-tooltip-root:has(button.mud-primary-text) button").First.ClickAsync();
        JsonObject? published = null;
        for (var i = 0; i < 60 && published?["version"]?.GetValue<int>() != 2; i++)
        {
            await page.WaitForTimeoutAsync(500);
            var versions = await ApiAsync(context, "GET", $"/elsa/api/workflow-definitions?versionOptions=Published&DefinitionIds={definitionId}");
            published = versions["items"]!.AsArray().FirstOrDefault()?.AsObject();
        }

        Assert.Equal(2, published?["version"]?.GetValue<int>());
        // Publishing leaves no stray draft behind: the published version is the latest.
        var latest = await ApiAsync(context, "GET", $"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest");
        Assert.True(latest["isPublished"]!.GetValue<bool>(), latest.ToJsonString());
        Assert.Contains(latest["root"]!["activities"]!.AsArray(), a => a!["type"]!.GetValue<string>() == "Elsa.SetVariable");
        await ShotAsync(page, "studio-editor-published");

        // The new version runs the new step.
        var instance = await ApiAsync(context, "POST", "/api/workflows/instances", new { definitionId });
        var detail = await ApiAsync(context, "GET", $"/api/workflows/instances/{instance["id"]!.GetValue<string>()}");
        Assert.Equal(2, detail["instance"]!["definitionVersion"]!.GetValue<int>());
        Assert.Equal("Finished", detail["instance"]!["status"]!.GetValue<string>());
        Assert.Contains(detail["journal"]!.AsArray(), j => j!["activityType"]?.GetValue<string>() == "Elsa.SetVariable" && j["event"]!.GetValue<string>() == "Completed");
        Assert.Equal("hello from the studio", detail["variables"]!["greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task Editor_NonDesigner_SeesItReadOnly()
    {
        await using var context = await studio.SignInAsync("supervisor");
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Load.TotalMilliseconds);
        await page.GotoAsync("/studio/definitions/370299-admission");
        await Assertions.Expect(page.Locator(".x6-node", new() { HasText = "筛查 Screening" })).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(1000);

        Assert.Equal(0, await page.Locator(".mud-tooltip-root:has(button.mud-primary-text) button").CountAsync());
        Assert.Equal(0, await page.GetByText("Auto-save").CountAsync());
        Assert.Equal("只读", await page.Locator("#mode").InnerTextAsync());
        await ShotAsync(page, "studio-editor-readonly-supervisor");
        var save = await context.APIRequest.PostAsync(studio.BaseUrl + "/elsa/api/workflow-definitions/370299-admission/publish", new() { DataObject = new { } });
        Assert.Equal(403, save.Status);
    }

    [Fact]
    public async Task Instances_ListAndViewer_ShowStatusAndThePathTaken_InEnglishOnRequest()
    {
        await using var context = await studio.SignInAsync("operator", "en-US");
        await context.AddCookiesAsync([new Cookie { Name = "tr.lang", Value = "en", Url = studio.BaseUrl }]);
        // A department files an application; its lifecycle instance waits in screening.
        await using var department = await studio.SignInAsync("department");
        var filed = await ApiAsync(department, "POST", "/api/applications?submit=true", new
        {
            title = "浏览器测试申请", description = "每月报送走访记录", category = "FormLedger", legalBasis = "测试依据", wholeDistrict = true,
            startDate = "2026-12-31", durationMonths = 6, workloadHoursPerMonth = 2, fundingPerCommunity = 500, urgent = false,
        });
        var instanceId = filed["status"]!["workflowInstanceId"]!.GetValue<string>();

        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Load.TotalMilliseconds);
        await page.GotoAsync("/studio/instances");
        await Assertions.Expect(page.GetByText(instanceId)).ToBeVisibleAsync();
        await ShotAsync(page, "studio-instance-list-operator");

        await page.GotoAsync($"/studio/instances/{instanceId}");
        await Assertions.Expect(page.Locator(".x6-node", new() { HasText = "筛查 Screening" })).ToBeVisibleAsync();
        // The journal lists the path taken; descriptor names come in English for this user.
        await Assertions.Expect(page.GetByText("Screen against the lists - Suspended").First).ToBeVisibleAsync();
        await ShotAsync(page, "studio-instance-viewer-operator");
    }
}
