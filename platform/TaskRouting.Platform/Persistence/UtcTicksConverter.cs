using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TaskRouting.Platform.Persistence;

/// <summary>
/// Stores a <see cref="DateTimeOffset"/> as its UTC ticks. SQLite has no date type and EF Core cannot compare or
/// order DateTimeOffset text there; ticks compare, order and round-trip exactly (every time here is UTC).
/// </summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero))
{
    /// <summary>Applies the conversion to every DateTimeOffset property (SQLite contexts call this).</summary>
    public static void Apply(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }
}
