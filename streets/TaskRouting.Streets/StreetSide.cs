using TaskRouting.Platform.Http;
using TaskRouting.Platform.Identity;

namespace TaskRouting.Streets;

/// <summary>Who on the street side is asking: a street's staff or a community's, and the unit they act for.</summary>
internal static class StreetSide
{
    /// <summary>The street or community the caller acts for; refuses anyone else.</summary>
    public static string Unit(Actor actor)
    {
        var unit = actor.IsIn(Role.Community) ? actor.Community : actor.IsIn(Role.Street) ? actor.Street : null;
        return actor.District is null || unit is null
            ? throw new UnauthorizedAccessException("只有街道和社区使用街道子系统 / Only streets and communities use the street subsystem")
            : unit;
    }

    /// <summary>The community the caller acts for; refuses streets and anyone else.</summary>
    public static string Community(Actor actor) =>
        actor.IsIn(Role.Community) && actor.Community is not null && actor.District is not null
            ? actor.Community
            : throw new UnauthorizedAccessException("只有社区可以签收、办结和拒绝下派事项 / Only communities acknowledge, complete and refuse dispatched work");

    /// <summary>Refuses text longer than <paramref name="max"/>.</summary>
    public static void Length(List<FieldError> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(new(field, $"不能超过 {max} 个字符 / {field} must be at most {max} characters"));
        }
    }
}
