using System.Net.Http.Json;
using System.Text.Json;

namespace TaskRouting.Server.IntegrationTests.Infrastructure;

/// <summary>
/// One production-mode server (PostgreSQL + RabbitMQ) shared by a test class, with two districts and a user per
/// role that the tests need, created the way an admin would: organisation import and the users API.
/// </summary>
public sealed class ProductionServerFixture : IAsyncLifetime
{
    public const string Password = "Fixture-password-1";
    private PostgresDatabase? _database;
    private TaskRoutingFactory? _factory;

    internal TaskRoutingFactory Factory => _factory!;

    internal PostgresDatabase Database => _database!;

    public static readonly string OrganisationCsv =
        """
        type,code,name_zh,name_en,district,street
        district,DA,甲区,District A,,
        street,DA01,甲一街道,A Street 1,DA,
        community,DA01001,甲一社区,A Community 1,DA,DA01
        department,DA-MZ,甲区民政局,A Civil Affairs,DA,
        district,DB,乙区,District B,,
        street,DB01,乙一街道,B Street 1,DB,
        community,DB01001,乙一社区,B Community 1,DB,DB01
        department,DB-MZ,乙区民政局,B Civil Affairs,DB,
        """;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _factory = TaskRoutingFactory.Production(_database.ConnectionString);
        await _factory.WaitUntilReadyAsync();

        using var admin = await AdminAsync();
        using var import = new StringContent(OrganisationCsv, System.Text.Encoding.UTF8, "text/csv");
        (await admin.PostAsync("/api/organisation/import", import)).EnsureSuccessStatusCode();

        await CreateUserAsync(admin, "office-a", ["office"], "DA");
        await CreateUserAsync(admin, "office-b", ["office"], "DB");
        await CreateUserAsync(admin, "auditor-a", ["auditor"], "DA");
        await CreateUserAsync(admin, "operator-a", ["operator"], "DA");
        await CreateUserAsync(admin, "department-a", ["department"], "DA", department: "DA-MZ");
        await CreateUserAsync(admin, "street-a", ["street"], "DA", street: "DA01");
        await CreateUserAsync(admin, "admin-a", ["admin"], "DA");
        await CreateUserAsync(admin, "designer-a", ["designer"], "DA");
        await CreateUserAsync(admin, "designer-b", ["designer"], "DB");
    }

    internal Task<HttpClient> AdminAsync() => Factory.LoginAsync(TaskRoutingFactory.AdminUserName, TaskRoutingFactory.AdminPassword);

    internal Task<HttpClient> LoginAsync(string userName) => Factory.LoginAsync(userName, Password);

    internal static async Task<Guid> CreateUserAsync(HttpClient admin, string userName, string[] roles, string district,
        string? department = null, string? street = null, string? community = null)
    {
        var response = await admin.PostAsJsonAsync("/api/users", new
        {
            userName, displayName = userName, password = Password, roles, district, department, street, community,
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
