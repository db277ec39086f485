using Microsoft.EntityFrameworkCore;

namespace TaskRouting.Activities.Burden;

/// <summary>
/// The burden communities carried before admission (e.g. the survey before the reform), recorded by the office for the
/// district (<see cref="Unit"/> is the district's code) or for one community (its code). The dashboard measures the
/// reduction against it.
/// </summary>
public sealed class BurdenBaseline
{
    public required string District { get; init; }

    /// <summary>The district's code for the district-wide baseline, else a community's code.</summary>
    public required string Unit { get; init; }

    /// <summary>Work items the unit carried (工作事项).</summary>
    public int Items { get; set; }

    /// <summary>Forms and ledgers (报表台账).</summary>
    public int FormsAndLedgers { get; set; }

    /// <summary>Certificate and stamp items (证明盖章).</summary>
    public int Certificates { get; set; }

    /// <summary>Estimated hours of work per community per month.</summary>
    public decimal HoursPerMonth { get; set; }

    /// <summary>The date the figures describe.</summary>
    public DateOnly AsOf { get; set; }

    /// <summary>Where the figures come from (e.g. "2016 年改革前调查").</summary>
    public required string Source { get; set; }

    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<BurdenBaseline>(e =>
        {
            e.ToTable("adm_burden_baselines");
            e.HasKey(x => new { x.District, x.Unit });
            e.Property(x => x.District).HasMaxLength(64);
            e.Property(x => x.Unit).HasMaxLength(64);
            e.Property(x => x.HoursPerMonth).HasPrecision(9, 2);
            e.Property(x => x.Source).HasMaxLength(500);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
        });
}
