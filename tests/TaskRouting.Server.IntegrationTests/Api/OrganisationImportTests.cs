using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRouting.Server.IntegrationTests.Infrastructure;

namespace TaskRouting.Server.IntegrationTests.Api;

public class OrganisationImportTests(ProductionServerFixture server) : IClassFixture<ProductionServerFixture>
{
    private async Task<(long Units, long Audit)> CountsAsync() => (
        await server.Database.ScalarAsync<long>("SELECT (SELECT count(*) FROM districts) + (SELECT count(*) FROM streets) + (SELECT count(*) FROM communities) + (SELECT count(*) FROM departments)"),
        await server.Database.ScalarAsync<long>("SELECT count(*) FROM audit_entries"));

    [Fact]
    public async Task Import_CsvWithOneBadRow_Returns400WithRowErrorsAndChangesNothing()
    {
        using var admin = await server.AdminAsync();
        var before = await CountsAsync();
        const string csv = """
            type,code,name_zh,name_en,district,street
            district,DC,丙区,District C,,
            street,DC01,丙一街道,C Street 1,DC,
            community,DC01001,丙一社区,C Community 1,DC,DC99
            """;

        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        var response = await admin.PostAsync("/api/organisation/import", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("rows[3].street", out _), errors.ToString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Import_JsonWithBadRows_ReportsEachAndChangesNothing()
    {
        using var admin = await server.AdminAsync();
        var before = await CountsAsync();

        var response = await admin.PostAsJsonAsync("/api/organisation/import", new
        {
            rows = new object[]
            {
                new { type = "street", code = "DA02", nameZh = "", nameEn = "A Street 2", district = "DA" },
                new { type = "hamlet", code = "X1", nameZh = "x", nameEn = "x", district = "DA" },
                new { type = "department", code = "DA-MZ", nameZh = "x", nameEn = "x", district = "DB" },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("rows[1].nameZh", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("rows[2].type", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("rows[3].district", out _), errors.ToString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Import_UnsupportedContentType_Returns415()
    {
        using var admin = await server.AdminAsync();
        using var content = new StringContent("<rows/>", System.Text.Encoding.UTF8, "application/xml");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await admin.PostAsync("/api/organisation/import", content)).StatusCode);
    }

    [Fact]
    public async Task Import_NotAnAdmin_Returns403AndChangesNothing()
    {
        using var office = await server.LoginAsync("office-a");
        var before = await CountsAsync();
        using var content = new StringContent("type,code,name_zh,name_en,district,street\nstreet,DA09,x,x,DA,\n", System.Text.Encoding.UTF8, "text/csv");
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsync("/api/organisation/import", content)).StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Import_ValidJson_CreatesTheUnitsAndAuditsThem()
    {
        using var admin = await server.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/organisation/import", new
        {
            rows = new object[]
            {
                new { type = "community", code = "DA01002", nameZh = "甲二社区", nameEn = "A Community 2", district = "DA", street = "DA01" },
            },
        });

        response.EnsureSuccessStatusCode();
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
        Assert.Equal(1L, await server.Database.ScalarAsync<long>("SELECT count(*) FROM audit_entries WHERE \"EntityId\" = 'DA01002' AND \"Action\" = 'organisation.created'"));
    }
}
