using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Elsa;

/// <summary>The Elsa API subset the Studio uses, on PostgreSQL, with district and role scope.</summary>
public class ElsaApiTests(ProductionServerFixture server) : IClassFixture<ProductionServerFixture>
{
    private const string Api = "/elsa/api";

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static JsonObject Model(string? definitionId, string name, params JsonObject[] activities) => new()
    {
        ["definitionId"] = definitionId,
        ["name"] = name,
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["id"] = "Flowchart1",
            ["activities"] = new JsonArray(activities.Select(a => (JsonNode)a).ToArray()),
            ["connections"] = new JsonArray(),
        },
    };

    private static JsonObject Activity(string id, string type) => new()
    {
        ["id"] = id,
        ["type"] = type,
        ["version"] = 1,
        ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 10, ["y"] = 20 } } },
    };

    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, JsonObject model, bool publish) =>
        client.PostAsJsonAsync($"{Api}/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = publish });

    [Fact]
    public async Task Descriptors_ComeFromTheCatalogue_InChineseByDefaultAndEnglishOnRequest()
    {
        using var designer = await server.LoginAsync("designer-a");
        var zh = (await designer.GetFromJsonAsync<JsonObject>($"{Api}/descriptors/activities?Refresh=True"))!["items"]!.AsArray();
        var task = zh.Single(d => d!["typeName"]!.GetValue<string>() == "TaskRouting.HumanTask")!;
        Assert.Equal("人工任务", task["displayName"]!.GetValue<string>());
        Assert.Equal("人工", task["category"]!.GetValue<string>());
        Assert.Equal("dynamic-outcomes", task["inputs"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "outcomes")!["uiHint"]!.GetValue<string>());
        Assert.False(zh.Single(d => d!["typeName"]!.GetValue<string>() == "Elsa.Flowchart")!["isBrowsable"]!.GetValue<bool>());
        Assert.Equal(["False", "True"], zh.Single(d => d!["typeName"]!.GetValue<string>() == "Elsa.Decision")!["ports"]!.AsArray()
            .Select(p => p!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        using var english = new HttpRequestMessage(HttpMethod.Get, $"{Api}/descriptors/activities");
        english.Headers.Add("Cookie", "tr.lang=en");
        var en = (await JsonAsync(await designer.SendAsync(english)))["items"]!.AsArray();
        Assert.Equal("Human task", en.Single(d => d!["typeName"]!.GetValue<string>() == "TaskRouting.HumanTask")!["displayName"]!.GetValue<string>());

        var expressions = (await designer.GetFromJsonAsync<JsonObject>($"{Api}/descriptors/expression-descriptors"))!["items"]!.AsArray();
        Assert.Equal("javascript", expressions.Single(e => e!["type"]!.GetValue<string>() == "JavaScript")!["properties"]!["MonacoLanguage"]!.GetValue<string>());
    }

    [Fact]
    public async Task Save_DraftInPlace_ThenVersionTwoAfterPublishing_WithNodeIds()
    {
        using var designer = await server.LoginAsync("designer-a");
        var name = "版本规则 " + Guid.NewGuid().ToString("N")[..6];
        var first = (await JsonAsync(await SaveAsync(designer, Model(null, name, Activity("start", "Elsa.Start")), publish: false)))["workflowDefinition"]!;
        var definitionId = first["definitionId"]!.GetValue<string>();
        Assert.Equal(1, first["version"]!.GetValue<int>());
        Assert.False(first["isPublished"]!.GetValue<bool>());
        Assert.Equal("Workflow1:Flowchart1", first["root"]!["nodeId"]!.GetValue<string>());
        Assert.Equal("Workflow1:Flowchart1:start", first["root"]!["activities"]![0]!["nodeId"]!.GetValue<string>());
        Assert.Equal("publish", first["links"]![0]!["rel"]!.GetValue<string>());

        var again = (await JsonAsync(await SaveAsync(designer, Model(definitionId, name, Activity("start", "Elsa.Start"), Activity("end", "Elsa.Finish")), publish: false)))["workflowDefinition"]!;
        Assert.Equal(1, again["version"]!.GetValue<int>());
        var published = await JsonAsync(await designer.PostAsync($"{Api}/workflow-definitions/{definitionId}/publish", JsonContent.Create(new { })));
        Assert.True(published["workflowDefinition"]!["isPublished"]!.GetValue<bool>());
        var second = (await JsonAsync(await SaveAsync(designer, Model(definitionId, name, Activity("start", "Elsa.Start")), publish: false)))["workflowDefinition"]!;
        Assert.Equal(2, second["version"]!.GetValue<int>());

        var versions = (await designer.GetFromJsonAsync<JsonObject>($"{Api}/workflow-definitions?versionOptions=AllVersions&DefinitionIds={definitionId}"))!;
        Assert.Equal(2, versions["totalCount"]!.GetValue<int>());
        var publishedNow = await designer.GetFromJsonAsync<JsonObject>($"{Api}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Published");
        Assert.Equal(1, publishedNow!["version"]!.GetValue<int>());

        // Retract: version 1 stops taking new instances; retracting again is a field error, not a change.
        var retracted = await JsonAsync(await designer.PostAsync($"{Api}/workflow-definitions/{definitionId}/retract", JsonContent.Create(new { })));
        Assert.Equal((1, false), (retracted["version"]!.GetValue<int>(), retracted["isPublished"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.BadRequest, (await designer.PostAsync($"{Api}/workflow-definitions/{definitionId}/retract", JsonContent.Create(new { }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await designer.PostAsJsonAsync("/api/workflows/instances", new { definitionId })).StatusCode);
    }

    [Fact]
    public async Task Roles_ReadersGetAReadOnlyEditor_OthersAre403_WritesNeedADesigner()
    {
        using var operatorA = await server.LoginAsync("operator-a");
        var model = await operatorA.GetFromJsonAsync<JsonObject>($"{Api}/workflow-definitions/by-definition-id/DA-admission?versionOptions=Latest");
        Assert.Empty(model!["links"]!.AsArray());
        Assert.True(model["isReadonly"]!.GetValue<bool>());
        Assert.Empty((await operatorA.GetFromJsonAsync<JsonObject>($"{Api}/workflow-definitions?versionOptions=Latest"))!["links"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await SaveAsync(operatorA, Model(null, "不许保存", Activity("start", "Elsa.Start")), false)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorA.PostAsync($"{Api}/workflow-definitions/DA-admission/publish", JsonContent.Create(new { }))).StatusCode);

        using var department = await server.LoginAsync("department-a");
        Assert.Equal(HttpStatusCode.Forbidden, (await department.GetAsync($"{Api}/descriptors/activities")).StatusCode);
        using var anonymous = server.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Api}/workflow-definitions")).StatusCode);

        // Another district's designer sees nothing of district A's workflows.
        using var designerB = await server.LoginAsync("designer-b");
        Assert.Equal(HttpStatusCode.NotFound, (await designerB.GetAsync($"{Api}/workflow-definitions/by-definition-id/DA-admission")).StatusCode);
        var listB = (await designerB.GetFromJsonAsync<JsonObject>($"{Api}/workflow-definitions?versionOptions=Latest"))!["items"]!.AsArray();
        Assert.DoesNotContain(listB, d => d!["definitionId"]!.GetValue<string>().StartsWith("DA-", StringComparison.Ordinal));
        Assert.Contains(listB, d => d!["definitionId"]!.GetValue<string>() == "DB-admission");
    }

    [Fact]
    public async Task Save_BadInput_Gets400WithFieldErrors_AndChangesNothing()
    {
        using var designer = await server.LoginAsync("designer-a");
        var before = await server.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_definitions");

        var sequence = Model(null, "顺序流程");
        sequence["root"]!["type"] = "Elsa.Sequence";
        Assert.True((await JsonAsync(await SaveAsync(designer, sequence, false), HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("model.root.type"));

        var invalid = Model(null, "坏流程 " + Guid.NewGuid().ToString("N")[..6], Activity("check", "Elsa.Decision"), Activity("x", "Acme.Teleport"));
        var errors = (await JsonAsync(await SaveAsync(designer, invalid, publish: true), HttpStatusCode.BadRequest))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("model.root.activities[0].condition"), errors.ToJsonString());
        Assert.True(errors.ContainsKey("model.root.activities[1].type"), errors.ToJsonString());

        var taken = (await designer.GetFromJsonAsync<JsonObject>($"{Api}/workflow-definitions/by-definition-id/DA-admission"))!["name"]!.GetValue<string>();
        Assert.False((await designer.GetFromJsonAsync<JsonObject>($"{Api}/workflow-definitions/validation/is-name-unique?name={Uri.EscapeDataString(taken)}"))!["isUnique"]!.GetValue<bool>());
        Assert.True((await JsonAsync(await SaveAsync(designer, Model(null, taken, Activity("start", "Elsa.Start")), false), HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("model.name"));
        Assert.True((await JsonAsync(await SaveAsync(designer, Model(null, " ", Activity("start", "Elsa.Start")), false), HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("model.name"));
        Assert.Equal(HttpStatusCode.BadRequest, (await designer.GetAsync($"{Api}/workflow-definitions?versionOptions=Sometimes")).StatusCode);

        Assert.Equal(before, await server.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_definitions"));
    }

    [Fact]
    public async Task ExportThenImport_LeavesTheDefinitionUnchanged()
    {
        using var designer = await server.LoginAsync("designer-a");
        var exported = await JsonAsync(await designer.GetAsync($"{Api}/workflow-definitions/DA-admission/export"));
        var imported = await JsonAsync(await designer.PostAsJsonAsync($"{Api}/workflow-definitions/import", exported));
        var again = await JsonAsync(await designer.GetAsync($"{Api}/workflow-definitions/DA-admission/export?versionOptions=Latest"));

        Assert.Equal("DA-admission", imported["definitionId"]!.GetValue<string>());
        Assert.Equal(exported["version"]!.GetValue<int>() + 1, again["version"]!.GetValue<int>());
        foreach (var part in new[] { "name", "description", "root", "variables", "inputs", "outputs", "options", "customProperties" })
        {
            Assert.True(JsonNode.DeepEquals(exported[part], again[part]), $"{part} changed: {exported[part]?.ToJsonString()} -> {again[part]?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Instances_ListViewerJournalAndReport_ShowThePathTaken()
    {
        using var designer = await server.LoginAsync("designer-a");
        using var department = await server.LoginAsync("department-a");
        var filed = await department.PostAsJsonAsync("/api/applications?submit=true", new
        {
            title = "查看器测试", description = "每月报送", category = "FormLedger", legalBasis = "测试依据", wholeDistrict = true,
            startDate = "2099-12-31", durationMonths = 6, workloadHoursPerMonth = 2, fundingPerCommunity = 500, urgent = false,
        });
        var application = await JsonAsync(filed, HttpStatusCode.Created);
        var instanceId = application["status"]!["workflowInstanceId"]!.GetValue<string>();
        var correlation = application["id"]!.GetValue<string>();

        using var operatorA = await server.LoginAsync("operator-a");
        var list = await JsonAsync(await operatorA.PostAsJsonAsync($"{Api}/workflow-instances", new { page = 0, pageSize = 10, searchTerm = correlation, statuses = new[] { "Running" }, orderDirection = "Descending" }));
        var row = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal(("Running", "Suspended", "DA-admission:v1"), (row["status"]!.GetValue<string>(), row["subStatus"]!.GetValue<string>(), row["definitionVersionId"]!.GetValue<string>()));

        var instance = await operatorA.GetFromJsonAsync<JsonObject>($"{Api}/workflow-instances/{instanceId}");
        Assert.Equal("Workflow1:Flowchart1:screen", instance!["workflowState"]!["bookmarks"]![0]!["activityNodeId"]!.GetValue<string>());
        var nodeIds = new[] { "Workflow1:Flowchart1:start", "Workflow1:Flowchart1:screen" };
        var journal = await JsonAsync(await operatorA.PostAsJsonAsync($"{Api}/workflow-instances/{instanceId}/journal?skip=0&take=50",
            new { filter = new { activityIds = (string[]?)null, activityNodeIds = nodeIds, excludedActivityTypes = new[] { "Elsa.Workflow", "Elsa.Flowchart" }, eventNames = (string[]?)null } }));
        Assert.Equal(["Started", "Completed", "Started", "Suspended"], journal["items"]!.AsArray().Select(j => j!["eventName"]!.GetValue<string>()));

        var stats = (await JsonAsync(await operatorA.PostAsJsonAsync($"{Api}/activity-executions/report", new { workflowInstanceId = instanceId, activityNodeIds = nodeIds })))["stats"]!.AsArray();
        var start = stats.Single(s => s!["activityId"]!.GetValue<string>() == "start")!;
        var screening = stats.Single(s => s!["activityId"]!.GetValue<string>() == "screen")!;
        Assert.Equal(1, start["completedCount"]!.GetValue<int>());
        Assert.True(screening["isBlocked"]!.GetValue<bool>());

        var executions = (await operatorA.GetFromJsonAsync<JsonObject>($"{Api}/activity-execution-summaries/list?WorkflowInstanceId={instanceId}&ActivityNodeId=Workflow1:Flowchart1:screen"))!["items"]!.AsArray();
        var record = await operatorA.GetFromJsonAsync<JsonObject>($"{Api}/activity-executions/by-id?id={Uri.EscapeDataString(executions[0]!["id"]!.GetValue<string>())}");
        Assert.Equal("TaskRouting.Admission.Screen", record!["activityType"]!.GetValue<string>());

        using var designerB = await server.LoginAsync("designer-b");
        Assert.Equal(HttpStatusCode.NotFound, (await designerB.GetAsync($"{Api}/workflow-instances/{instanceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await designer.DeleteAsync($"{Api}/workflow-instances/{instanceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await designer.DeleteAsync($"{Api}/workflow-definitions/DA-admission")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await operatorA.PostAsJsonAsync($"{Api}/workflow-instances", new { page = -1, statuses = new[] { "Sleeping" } })).StatusCode);
    }
}
