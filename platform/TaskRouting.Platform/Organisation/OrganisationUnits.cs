namespace TaskRouting.Platform.Organisation;

/// <summary>What every organisation unit has: a code, the district it belongs to and its names.</summary>
public interface IOrganisationUnit
{
    string Code { get; }
    string DistrictCode { get; }
    string NameZh { get; set; }
    string NameEn { get; set; }
}

/// <summary>
/// A district (区): the tenant. Each district keeps its own streets, communities, departments,
/// lists, calendar adjustments and windows; nobody in one district sees another's data.
/// Codes are globally unique (the national administrative division code in practice).
/// </summary>
public sealed class District : IOrganisationUnit
{
    public required string Code { get; init; }

    /// <summary>A district is its own district (not a column).</summary>
    string IOrganisationUnit.DistrictCode => Code;

    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A street (街道办事处) of a district.</summary>
public sealed class Street : IOrganisationUnit
{
    public required string Code { get; init; }
    public required string DistrictCode { get; init; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A community (社区居委会) of a street.</summary>
public sealed class Community : IOrganisationUnit
{
    public required string Code { get; init; }
    public required string DistrictCode { get; init; }
    public required string StreetCode { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A district department (职能部门) that may apply to push work onto communities.</summary>
public sealed class Department : IOrganisationUnit
{
    public required string Code { get; init; }
    public required string DistrictCode { get; init; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
