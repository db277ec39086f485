using TaskRouting.Server.IntegrationTests.Admission;

namespace TaskRouting.Server.IntegrationTests.Accountability;

/// <summary>
/// The admission fixture (district DX, its departments, streets, communities and users) on a database of its own,
/// its clock set to Monday 20 July 2026, 10:00 China time: 2026-H1 is still open to evaluation, 2026-H2 has begun,
/// 2025-H2 is closed, and October 2026 (with the National Day holiday) lies ahead for inspections.
/// </summary>
public sealed class EvaluationFixture : AdmissionFixture, IAsyncLifetime
{
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await AdvanceToAsync("2026-07-20T10:00:00");
    }
}

[CollectionDefinition(Name)]
public sealed class EvaluationCollection : ICollectionFixture<EvaluationFixture>
{
    public const string Name = "accountability-evaluation";
}
