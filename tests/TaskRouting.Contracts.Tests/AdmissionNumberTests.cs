using TaskRouting.Contracts;

namespace TaskRouting.Contracts.Tests;

public class AdmissionNumberTests
{
    [Fact]
    public void ToString_JanuaryWindow_FormatsWithPaddedSequence()
    {
        Assert.Equal("370203-2026-H1-0007", new AdmissionNumber("370203", 2026, 1, 7).ToString());
    }

    [Theory]
    [InlineData("370203-2026-H1-0007", "370203", 2026, 1, 7)]
    [InlineData("370203-2026-H0-0001", "370203", 2026, 0, 1)]
    [InlineData("SB-X-2027-H2-12345", "SB-X", 2027, 2, 12345)]
    public void TryParse_WellFormed_RoundTrips(string text, string district, int year, int half, int sequence)
    {
        Assert.True(AdmissionNumber.TryParse(text, out var number));
        Assert.Equal(new AdmissionNumber(district, year, half, sequence), number);
        Assert.Equal(text, number.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("370203-2026-H3-0001")]
    [InlineData("370203-2026-1-0001")]
    [InlineData("370203-26-H1-0001")]
    [InlineData("370203-2026-H1-0000")]
    [InlineData("-2026-H1-0001")]
    [InlineData("2026-H1-0001")]
    public void TryParse_Malformed_ReturnsFalse(string? text)
    {
        Assert.False(AdmissionNumber.TryParse(text, out var number));
        Assert.Null(number);
    }
}
