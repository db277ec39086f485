namespace TaskRouting.Platform.Identity;

/// <summary>The roles of ADMISSION.md's "Who uses it" table, plus the platform admin.</summary>
public enum Role
{
    /// <summary>A department's staff (部门), scoped to that department.</summary>
    Department,
    /// <summary>The committee office (指导委员会办公室), scoped to a district.</summary>
    Office,
    /// <summary>Committee members (指导委员会委员).</summary>
    Committee,
    /// <summary>Street staff (街道), scoped to a street.</summary>
    Street,
    /// <summary>Residents' committee staff (社区居委会), scoped to a community.</summary>
    Community,
    /// <summary>The inspection office (督查室).</summary>
    Supervisor,
    /// <summary>The audit bureau (审计局).</summary>
    Auditor,
    /// <summary>Workflow designers (流程设计人员).</summary>
    Designer,
    /// <summary>Platform operators (运维人员).</summary>
    Operator,
    /// <summary>Administrators: a district's, or the platform's when they have no district.</summary>
    Admin,
}

/// <summary>Claim types TaskRouting puts on an authenticated principal.</summary>
public static class TaskRoutingClaims
{
    public const string UserId = "tr:uid";
    public const string District = "tr:district";
    public const string Department = "tr:department";
    public const string Street = "tr:street";
    public const string Community = "tr:community";
    public const string AuthMethod = "tr:auth";
}

/// <summary>Names of the authorisation policies every endpoint uses.</summary>
public static class Policies
{
    /// <summary>Any authenticated user or machine.</summary>
    public const string Authenticated = "authenticated";
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Auditor = "auditor";
    public const string Designer = "designer";
    public const string Office = "office";
    public const string Committee = "committee";
    public const string Department = "department";
    public const string Street = "street";
    public const string Community = "community";
    public const string Supervisor = "supervisor";
    /// <summary>The street/community side: streets and communities (the street gateway's API).</summary>
    public const string StreetSide = "street-side";
    /// <summary>Define and operate workflows: designers, operators, admins.</summary>
    public const string WorkflowAdmin = "workflow-admin";
    /// <summary>Read workflow instances and journals: also supervisors.</summary>
    public const string WorkflowReader = "workflow-reader";
    /// <summary>Oversight of admission (notices, the duty roster): the committee office and the inspection office.</summary>
    public const string Oversight = "oversight";

    /// <summary>The roles each policy admits; admin is admitted everywhere an operator is, but not to domain roles.</summary>
    internal static readonly IReadOnlyDictionary<string, Role[]> Roles = new Dictionary<string, Role[]>
    {
        [Admin] = [Role.Admin],
        [Operator] = [Role.Operator, Role.Admin],
        [Auditor] = [Role.Auditor, Role.Supervisor, Role.Admin],
        [Designer] = [Role.Designer],
        [Office] = [Role.Office],
        [Committee] = [Role.Committee],
        [Department] = [Role.Department],
        [Street] = [Role.Street],
        [Community] = [Role.Community],
        [Supervisor] = [Role.Supervisor],
        [StreetSide] = [Role.Street, Role.Community],
        [WorkflowAdmin] = [Role.Designer, Role.Operator, Role.Admin],
        [WorkflowReader] = [Role.Designer, Role.Operator, Role.Supervisor, Role.Admin],
        [Oversight] = [Role.Office, Role.Supervisor],
    };
}
