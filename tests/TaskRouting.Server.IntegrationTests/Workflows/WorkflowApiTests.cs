using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Workflows;

public class WorkflowApiTests(ProductionServerFixture server) : IClassFixture<ProductionServerFixture>
{
    private static async Task<string> PublishAsync(HttpClient designer, JsonObject definition)
    {
        var response = await designer.PostAsJsonAsync("/api/workflows/definitions", new { name = "审核 " + Guid.NewGuid().ToString("N")[..6], publish = true, definition });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("definitionId").GetString()!;
    }

    private static async Task<string> StartAsync(HttpClient client, string definitionId)
    {
        var response = await client.PostAsJsonAsync("/api/workflows/instances", new { definitionId, correlationId = "app-1" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Publish_InvalidDefinition_Returns400WithPathsAndSavesNothing()
    {
        using var designer = await server.LoginAsync("designer-a");
        var before = await server.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_definitions");
        var invalid = FlowJson.Flowchart(
            [FlowJson.Activity("check", "Elsa.Decision"), FlowJson.Activity("x", "Acme.Teleport")],
            [FlowJson.Connection("check", "True", "ghost")]);

        var response = await designer.PostAsJsonAsync("/api/workflows/definitions", new { name = "坏流程", publish = true, definition = invalid });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var path in new[] { "definition.activities[0].condition", "definition.activities[1].type", "definition.connections[0].target" })
        {
            Assert.True(errors.TryGetProperty(path, out _), $"no error at {path}: {errors}");
        }

        Assert.Equal(before, await server.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_definitions"));
    }

    [Fact]
    public async Task HumanTask_OfficeOfTheDistrict_CompletesItAndTheInstanceFinishes()
    {
        using var designer = await server.LoginAsync("designer-a");
        var definitionId = await PublishAsync(designer, FlowJson.Review());
        var instanceId = await StartAsync(designer, definitionId);

        using var officeA = await server.LoginAsync("office-a");
        using var officeB = await server.LoginAsync("office-b");
        var task = (await officeA.GetFromJsonAsync<JsonElement[]>("/api/workflows/tasks"))!.Single(t => t.GetProperty("instanceId").GetString() == instanceId);
        var taskId = task.GetProperty("id").GetString()!;
        Assert.Equal("办公室审核", task.GetProperty("title").GetString());
        Assert.DoesNotContain((await officeB.GetFromJsonAsync<JsonElement[]>("/api/workflows/tasks"))!, t => t.GetProperty("id").GetString() == taskId);

        Assert.Equal(HttpStatusCode.NotFound, (await officeB.PostAsJsonAsync($"/api/workflows/tasks/{taskId}/complete", new { outcome = "Approve" })).StatusCode);
        var bad = await officeA.PostAsJsonAsync($"/api/workflows/tasks/{taskId}/complete", new { outcome = "Maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("outcome", out _));

        var done = await officeA.PostAsJsonAsync($"/api/workflows/tasks/{taskId}/complete", new { outcome = "Approve", comment = "同意" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("Finished", (await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await officeA.PostAsJsonAsync($"/api/workflows/tasks/{taskId}/complete", new { outcome = "Approve" })).StatusCode);

        var detail = await designer.GetFromJsonAsync<JsonElement>($"/api/workflows/instances/{instanceId}");
        var journal = detail.GetProperty("journal").EnumerateArray().ToList();
        Assert.Contains(journal, j => j.GetProperty("activityId").GetString() == "review" && j.GetProperty("outcome").GetString() == "Approve"
            && j.GetProperty("actor").GetString() == "office-a");
        Assert.Equal(1L, await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_entries WHERE \"Action\" = 'workflow.task-completed' AND \"EntityId\" = '{instanceId}' AND \"Chain\" = 'DA'"));
        using var auditor = await server.LoginAsync("auditor-a");
        Assert.True((await auditor.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Instances_OfAnotherDistrict_AreNotVisible()
    {
        using var designerA = await server.LoginAsync("designer-a");
        var instanceId = await StartAsync(designerA, await PublishAsync(designerA, FlowJson.Review()));
        using var designerB = await server.LoginAsync("designer-b");

        Assert.Equal(HttpStatusCode.NotFound, (await designerB.GetAsync($"/api/workflows/instances/{instanceId}")).StatusCode);
        var page = await designerB.GetFromJsonAsync<JsonElement>("/api/workflows/instances");
        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == instanceId);
        Assert.Equal(HttpStatusCode.NotFound, (await designerB.PostAsJsonAsync($"/api/workflows/instances/{instanceId}/cancel", new { reason = "x" })).StatusCode);
    }

    [Theory]
    [InlineData("street-a", "/api/workflows/instances")]
    [InlineData("office-a", "/api/workflows/definitions")]
    public async Task Workflows_OutsideTheRoles_Return403(string userName, string path)
    {
        using var client = await server.LoginAsync(userName);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Start_BadRequest_Returns400OrNotFoundAndCreatesNothing()
    {
        using var designer = await server.LoginAsync("designer-a");
        var before = await server.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances");

        Assert.Equal(HttpStatusCode.BadRequest, (await designer.PostAsJsonAsync("/api/workflows/instances", new { definitionId = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await designer.PostAsJsonAsync("/api/workflows/instances", new { definitionId = "no-such" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await designer.GetAsync("/api/workflows/instances?status=Sleeping")).StatusCode);
        var paging = await designer.GetAsync("/api/workflows/instances?page=0&pageSize=1000");
        Assert.Equal(HttpStatusCode.BadRequest, paging.StatusCode);
        var errors = (await paging.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("page", out _) && errors.TryGetProperty("pageSize", out _), errors.ToString());

        Assert.Equal(before, await server.Database.ScalarAsync<long>("SELECT count(*) FROM workflow_instances"));
    }
}
