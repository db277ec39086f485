using TaskRouting.Platform.Identity;

namespace TaskRouting.Platform.Tests.Identity;

public class ActorTests
{
    private static UserAccount Account(Role role, string? district) => new()
    {
        Id = Guid.NewGuid(),
        UserName = "u",
        DisplayName = "u",
        Roles = [role],
        DistrictCode = district,
        StreetCode = role == Role.Street ? "S1" : null,
    };

    [Fact]
    public void FromPrincipal_RoundTripsRolesAndScope()
    {
        var account = Account(Role.Street, "D1");
        var actor = Actor.FromPrincipal(Actor.ToPrincipal(account, "test"));
        Assert.Equal(account.Id, actor.UserId);
        Assert.True(actor.IsIn(Role.Street));
        Assert.Equal("D1", actor.District);
        Assert.Equal("S1", actor.Street);
        Assert.Null(actor.Community);
    }

    [Fact]
    public void CanSeeDistrict_OtherDistrict_ReturnsFalse()
    {
        var actor = Actor.FromPrincipal(Actor.ToPrincipal(Account(Role.Office, "D1"), "test"));
        Assert.True(actor.CanSeeDistrict("D1"));
        Assert.False(actor.CanSeeDistrict("D2"));
        Assert.False(actor.IsPlatformAdmin);
    }

    [Fact]
    public void CanSeeDistrict_PlatformAdmin_SeesEveryDistrict()
    {
        var actor = Actor.FromPrincipal(Actor.ToPrincipal(Account(Role.Admin, null), "test"));
        Assert.True(actor.IsPlatformAdmin);
        Assert.True(actor.CanSeeDistrict("D2"));
    }

    [Fact]
    public void CanSeeDistrict_DistrictAdmin_SeesOnlyOwn()
    {
        var actor = Actor.FromPrincipal(Actor.ToPrincipal(Account(Role.Admin, "D1"), "test"));
        Assert.False(actor.IsPlatformAdmin);
        Assert.False(actor.CanSeeDistrict("D2"));
    }
}
