using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TaskRouting.Platform.Auditing;
using TaskRouting.Platform.Identity;
using TaskRouting.Platform.Organisation;

namespace TaskRouting.Platform.Tests.Organisation;

public sealed class OrganisationImporterTests : IDisposable
{
    private readonly PlatformTestDb _db = new();
    private readonly OrganisationImporter _importer;

    public OrganisationImporterTests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        _importer = new OrganisationImporter(time, new AuditTrail(time));
    }

    public void Dispose() => _db.Dispose();

    private static readonly OrganisationRow[] Valid =
    [
        new("community", "D1001001", "一社区", "Community 1", "D1", "D1001"),
        new("street", "D1001", "一街道", "Street 1", "D1", null),
        new("district", "D1", "一区", "District 1", null, null),
        new("department", "D1-MZ", "民政局", "Civil Affairs", "D1", null),
    ];

    private async Task<ImportResult> ImportAsync(IReadOnlyList<OrganisationRow> rows, Actor? actor = null)
    {
        await using var db = _db.NewContext();
        return await _importer.ImportAsync(db, actor ?? Actor.System, rows, CancellationToken.None);
    }

    [Fact]
    public async Task ImportAsync_ValidRowsInAnyOrder_CreatesAllAndAuditsEach()
    {
        var result = await ImportAsync(Valid);

        Assert.True(result.Succeeded);
        Assert.Equal(4, result.Created);
        await using var db = _db.NewContext();
        Assert.Equal("D1001", (await db.Set<Community>().SingleAsync()).StreetCode);
        Assert.Equal(4, await db.Set<AuditEntry>().CountAsync(e => e.Chain == "D1"));
    }

    [Fact]
    public async Task ImportAsync_SameFileTwice_ReportsUnchanged()
    {
        await ImportAsync(Valid);
        var again = await ImportAsync(Valid);
        Assert.Equal((0, 0, 4), (again.Created, again.Updated, again.Unchanged));
    }

    [Fact]
    public async Task ImportAsync_OneBadRow_WritesNothingAndNamesRowAndField()
    {
        var rows = Valid.Append(new OrganisationRow("community", "D1001002", "二社区", "Community 2", "D1", "NOPE")).ToList();

        var result = await ImportAsync(rows);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal((5, "street"), (error.Row, error.Field));
        await using var db = _db.NewContext();
        Assert.Equal(0, await db.Set<District>().CountAsync());
        Assert.Equal(0, await db.Set<AuditEntry>().CountAsync());
    }

    [Theory]
    [InlineData("village", "X1", "n", "n", "D1", null, "type")]
    [InlineData("street", "a b", "n", "n", "D1", null, "code")]
    [InlineData("street", "S9", "", "n", "D1", null, "nameZh")]
    [InlineData("street", "S9", "n", " ", "D1", null, "nameEn")]
    [InlineData("street", "S9", "n", "n", null, null, "district")]
    [InlineData("street", "S9", "n", "n", "D404", null, "district")]
    [InlineData("community", "C9", "n", "n", "D1", null, "street")]
    [InlineData("department", "D1001", "n", "n", "D1", null, "code")]
    public async Task ImportAsync_InvalidField_ReportsThatField(string type, string code, string zh, string en, string? district, string? street, string field)
    {
        var rows = Valid.Append(new OrganisationRow(type, code, zh, en, district, street)).ToList();
        var result = await ImportAsync(rows);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Row == 5 && e.Field == field);
    }

    [Fact]
    public async Task ImportAsync_DuplicateCodeInFile_IsRefused()
    {
        var rows = Valid.Append(Valid[1]).ToList();
        var result = await ImportAsync(rows);
        Assert.Contains(result.Errors, e => e.Row == 5 && e.Field == "code");
    }

    [Fact]
    public async Task ImportAsync_CommunityMovingToAnotherStreet_IsRefused()
    {
        await ImportAsync(Valid);
        var result = await ImportAsync(
        [
            new("street", "D1002", "二街道", "Street 2", "D1", null),
            new("community", "D1001001", "一社区", "Community 1", "D1", "D1002"),
        ]);
        Assert.Contains(result.Errors, e => e.Row == 2 && e.Field == "street");
    }

    [Fact]
    public async Task ImportAsync_DistrictAdminTouchingAnotherDistrict_IsRefused()
    {
        await ImportAsync(Valid);
        await ImportAsync([new("district", "D2", "二区", "District 2", null, null)]);
        var districtAdmin = Actor.FromPrincipal(Actor.ToPrincipal(
            new UserAccount { Id = Guid.NewGuid(), UserName = "a", DisplayName = "a", Roles = [Role.Admin], DistrictCode = "D1" }, "test"));

        var result = await ImportAsync([new("street", "D2001", "街道", "Street", "D2", null)], districtAdmin);

        Assert.Contains(result.Errors, e => e.Row == 1 && e.Field == "district");
    }

    [Fact]
    public async Task ImportAsync_Rename_UpdatesNameAndAuditsBeforeAndAfter()
    {
        await ImportAsync(Valid);
        var result = await ImportAsync([new("street", "D1001", "一街道(新)", "Street 1 (new)", "D1", null)]);
        Assert.Equal(1, result.Updated);
        await using var db = _db.NewContext();
        var entry = await db.Set<AuditEntry>().OrderBy(e => e.Sequence).LastAsync();
        Assert.Equal("organisation.renamed", entry.Action);
        Assert.Contains("一街道", entry.Before, StringComparison.Ordinal);
        Assert.Contains("Street 1 (new)", entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseCsv_HeaderAndRows_ReadsEveryField()
    {
        var csv = "type,code,name_zh,name_en,district,street\ncommunity,C1,\"社区,一\",Community 1,D1,S1\n";
        var (rows, errors) = OrganisationImporter.ParseCsv(new StringReader(csv));
        Assert.Empty(errors);
        Assert.Equal(new OrganisationRow("community", "C1", "社区,一", "Community 1", "D1", "S1"), Assert.Single(rows));
    }

    [Fact]
    public void ParseCsv_MissingColumns_ReportsTheHeader()
    {
        var (rows, errors) = OrganisationImporter.ParseCsv(new StringReader("type,code\nstreet,S1\n"));
        Assert.Empty(rows);
        Assert.Equal("header", Assert.Single(errors).Field);
    }
}
