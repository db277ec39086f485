using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Api;

public class AuditChainTests
{
    [Fact]
    public async Task Verify_AfterAuditedChanges_IsValidAndRecordsBeforeAndAfter()
    {
        await using var server = await ServerWithOrganisationAsync();
        var admin = server.Admin;
        await ImportAsync(admin, "type,code,name_zh,name_en,district,street\nstreet,DA01,甲一街道(更名),A Street 1 renamed,DA,\n");

        var report = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify");

        Assert.True(report.GetProperty("valid").GetBoolean(), report.ToString());
        var da = report.GetProperty("chains").EnumerateArray().Single(c => c.GetProperty("chain").GetString() == "DA");
        // 4 units created + each shipped workflow published for the new district + 1 rename.
        Assert.Equal(4 + TaskRouting.Workflows.ShippedWorkflows.All.Count + 1, da.GetProperty("entriesVerified").GetInt64());
        var rename = (await admin.GetFromJsonAsync<JsonElement>("/api/audit?chain=DA&entityId=DA01")).GetProperty("items")[0];
        Assert.Equal("organisation.renamed", rename.GetProperty("action").GetString());
        Assert.Equal(TaskRoutingFactory.AdminUserName, rename.GetProperty("actorName").GetString());
        Assert.Contains("甲一街道", rename.GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.Contains("renamed", rename.GetProperty("after").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TamperedEntry_IsDetected()
    {
        await using var server = await ServerWithOrganisationAsync();
        var (database, admin) = (server.Database, server.Admin);

        // A database superuser (the only one who can) switches off the guard and edits history.
        await database.ExecuteAsync("""
            ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update;
            UPDATE audit_entries SET "After" = replace("After", 'A Street 1', 'Nowhere') WHERE "Chain" = 'DA' AND "Sequence" = 2;
            ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update;
            """);

        var report = await admin.GetFromJsonAsync<JsonElement>("/api/audit/verify?chain=DA");
        Assert.False(report.GetProperty("valid").GetBoolean());
        var chain = report.GetProperty("chains")[0];
        Assert.Equal(2, chain.GetProperty("brokenAtSequence").GetInt64());
        Assert.Equal(1, chain.GetProperty("entriesVerified").GetInt64());
    }

    [Fact]
    public async Task Update_AuditEntry_IsRefusedByTheDatabase()
    {
        await using var server = await ServerWithOrganisationAsync();
        var database = server.Database;

        var update = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("UPDATE audit_entries SET \"ActorName\" = 'x'"));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync("DELETE FROM audit_entries"));

        Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.MessageText, StringComparison.Ordinal);
    }

    /// <summary>A production-mode server on its own database, with the fixture's two districts imported.</summary>
    private static async Task<Server> ServerWithOrganisationAsync()
    {
        var database = await PostgresDatabase.CreateAsync();
        var factory = TaskRoutingFactory.Production(database.ConnectionString);
        await factory.WaitUntilReadyAsync();
        var admin = await factory.LoginAsync(TaskRoutingFactory.AdminUserName, TaskRoutingFactory.AdminPassword);
        await ImportAsync(admin, ProductionServerFixture.OrganisationCsv);
        return new Server(database, factory, admin);
    }

    private sealed record Server(PostgresDatabase Database, TaskRoutingFactory Factory, HttpClient Admin) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            await Factory.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    private static async Task ImportAsync(HttpClient admin, string csv)
    {
        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        (await admin.PostAsync("/api/organisation/import", content)).EnsureSuccessStatusCode();
    }
}
