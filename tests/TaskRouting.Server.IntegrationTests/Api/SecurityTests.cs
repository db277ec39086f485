using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Api;

public class SecurityTests(ProductionServerFixture server) : IClassFixture<ProductionServerFixture>
{
    [Theory]
    [InlineData("/api/auth/me")]
    [InlineData("/api/organisation/districts")]
    [InlineData("/api/organisation/districts/DA")]
    [InlineData("/api/users")]
    [InlineData("/api/audit")]
    [InlineData("/api/audit/verify")]
    [InlineData("/hangfire")]
    public async Task Get_NoCredentials_Returns401(string path)
    {
        using var anonymous = server.Factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Import_NoCredentials_Returns401AndChangesNothing()
    {
        var before = await server.Database.ScalarAsync<long>("SELECT count(*) FROM districts");
        using var anonymous = server.Factory.CreateClient();
        using var content = new StringContent("type,code,name_zh,name_en,district,street\ndistrict,DX,x,x,,\n", System.Text.Encoding.UTF8, "text/csv");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/organisation/import", content)).StatusCode);
        Assert.Equal(before, await server.Database.ScalarAsync<long>("SELECT count(*) FROM districts"));
    }

    [Theory]
    [InlineData("office-a", "/api/users")]
    [InlineData("department-a", "/api/audit")]
    [InlineData("street-a", "/api/audit/verify")]
    [InlineData("department-a", "/hangfire")]
    [InlineData("office-a", "/hangfire")]
    public async Task Get_OutsideRole_Returns403(string userName, string path)
    {
        using var client = await server.LoginAsync(userName);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task PortalPages_OutsideRole_GetTheBilingualNoAccessPage_AndNoPageFileIsServedDirectly()
    {
        using var office = await server.LoginAsync("office-a");
        var refused = await office.GetAsync("/portal/department");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("无权访问此页面", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var navigation = await office.GetFromJsonAsync<JsonElement>("/api/portal/navigation");
        Assert.DoesNotContain(navigation.EnumerateArray(), p => p.GetProperty("path").GetString() == "/portal/department");
        Assert.Contains(navigation.EnumerateArray(), p => p.GetProperty("path").GetString() == "/burden");

        using var department = await server.LoginAsync("department-a");
        Assert.Equal(HttpStatusCode.OK, (await department.GetAsync("/portal/department")).StatusCode);
        foreach (var file in TaskRouting.Server.Hosting.PortalPages.All.Where(p => p.File is not null).Select(p => "/" + p.File))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await department.GetAsync(file)).StatusCode);
        }

        using var anonymous = server.Factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/notices")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/portal/navigation")).StatusCode);
    }

    [Fact]
    public async Task Hangfire_Operator_SeesTheDashboard()
    {
        using var client = await server.LoginAsync("operator-a");
        var response = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hangfire", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task District_OtherDistrict_Returns403()
    {
        using var client = await server.LoginAsync("office-a");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/organisation/districts/DA")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/organisation/districts/DB")).StatusCode);
    }

    [Fact]
    public async Task Districts_List_ShowsOnlyTheCallersDistrict()
    {
        using var client = await server.LoginAsync("office-b");
        var districts = await client.GetFromJsonAsync<JsonElement[]>("/api/organisation/districts");
        Assert.Equal(["DB"], districts!.Select(d => d.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Audit_OtherDistrictsChain_Returns403()
    {
        using var client = await server.LoginAsync("auditor-a");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/audit?chain=DA")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/audit?chain=DB")).StatusCode);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/audit");
        Assert.All(page.GetProperty("items").EnumerateArray(), e => Assert.Equal("DA", e.GetProperty("chain").GetString()));
    }

    [Fact]
    public async Task Users_DistrictAdmin_SeesOnlyOwnDistrictAndCannotCreateElsewhere()
    {
        using var client = await server.LoginAsync("admin-a");
        var users = await client.GetFromJsonAsync<JsonElement[]>("/api/users");
        Assert.All(users!, u => Assert.Equal("DA", u.GetProperty("district").GetString()));

        var response = await client.PostAsJsonAsync("/api/users", new
        {
            userName = "sneaky", displayName = "x", password = ProductionServerFixture.Password, roles = new[] { "office" }, district = "DB",
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0L, await server.Database.ScalarAsync<long>("SELECT count(*) FROM users WHERE \"UserName\" = 'sneaky'"));
    }

    [Fact]
    public async Task ApiKey_IssuedThenRevoked_AuthenticatesThenReturns401()
    {
        using var admin = await server.AdminAsync();
        var userId = await ProductionServerFixture.CreateUserAsync(admin, "machine-" + Guid.NewGuid().ToString("N")[..8], ["operator"], "DA");
        var issued = await (await admin.PostAsJsonAsync($"/api/users/{userId}/api-keys", new { name = "ci" })).Content.ReadFromJsonAsync<JsonElement>();
        var key = issued.GetProperty("key").GetString()!;

        using var machine = server.Factory.WithApiKey(key);
        var me = await machine.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("ApiKey", me.GetProperty("authenticatedBy").GetString());
        Assert.Equal("DA", me.GetProperty("district").GetString());

        // Only the hash is stored.
        Assert.Equal(0L, await server.Database.ScalarAsync<long>($"SELECT count(*) FROM api_keys WHERE \"Hash\" = '{key}' OR \"Prefix\" = '{key}'"));

        (await admin.DeleteAsync($"/api/users/{userId}/api-keys/{issued.GetProperty("id").GetGuid()}")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await machine.GetAsync("/api/auth/me")).StatusCode);
    }

    [Theory]
    [InlineData("tr_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-key")]
    public async Task ApiKey_Unknown_Returns401(string key)
    {
        using var machine = server.Factory.WithApiKey(key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await machine.GetAsync("/api/organisation/districts")).StatusCode);
    }

    [Fact]
    public async Task Login_WrongPassword_Returns401()
    {
        using var client = server.Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "office-a", password = "wrong-password-123" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CreateUser_InvalidFields_Returns400WithFieldErrorsAndCreatesNothing()
    {
        using var admin = await server.AdminAsync();
        var before = await server.Database.ScalarAsync<long>("SELECT count(*) FROM users");

        var response = await admin.PostAsJsonAsync("/api/users", new
        {
            userName = "x", displayName = "", password = "short", roles = new[] { "wizard", "department" }, district = "DA", department = "DB-MZ",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "userName", "displayName", "password", "roles", "department" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        Assert.Equal(before, await server.Database.ScalarAsync<long>("SELECT count(*) FROM users"));
    }
}
