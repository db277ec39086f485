using TaskRouting.Platform.Identity;

namespace TaskRouting.Platform.Tests.Identity;

public class PasswordHashingTests
{
    [Fact]
    public void Verify_SamePassword_ReturnsTrue()
    {
        var hash = PasswordHashing.Hash("correct horse battery", iterations: 1_000);
        Assert.True(PasswordHashing.Verify("correct horse battery", hash));
    }

    [Fact]
    public void Verify_OtherPassword_ReturnsFalse()
    {
        var hash = PasswordHashing.Hash("correct horse battery", iterations: 1_000);
        Assert.False(PasswordHashing.Verify("correct horse batterz", hash));
    }

    [Fact]
    public void Hash_SamePasswordTwice_UsesDifferentSalts()
    {
        Assert.NotEqual(PasswordHashing.Hash("same password", 1_000), PasswordHashing.Hash("same password", 1_000));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$10$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$100000$not base64$AAAA")]
    [InlineData("md5$1000$AAAA$AAAA")]
    public void Verify_MalformedStoredHash_ReturnsFalse(string? stored)
    {
        Assert.False(PasswordHashing.Verify("anything", stored));
    }
}

public class ApiKeysTests
{
    [Fact]
    public void Create_Key_MatchesItsHashAndPrefix()
    {
        var (plain, prefix, hash) = ApiKeys.Create();
        Assert.StartsWith($"tr_{prefix}_", plain, StringComparison.Ordinal);
        Assert.Equal(prefix, ApiKeys.PrefixOf(plain));
        Assert.True(ApiKeys.Matches(plain, hash));
    }

    [Fact]
    public void Matches_AlteredKey_ReturnsFalse()
    {
        var (plain, _, hash) = ApiKeys.Create();
        var altered = plain[..^1] + (plain[^1] == 'a' ? 'b' : 'a');
        Assert.False(ApiKeys.Matches(altered, hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tr_short_secretsecretsecret")]
    [InlineData("xx_0123456789ab_secretsecretsecret")]
    [InlineData("tr_0123456789ab_short")]
    public void PrefixOf_Malformed_ReturnsNull(string key)
    {
        Assert.Null(ApiKeys.PrefixOf(key));
    }
}
