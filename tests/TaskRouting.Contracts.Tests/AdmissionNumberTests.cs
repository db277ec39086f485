using TaskRouting.Contracts;

namespace TaskRouting.Contracts.Tests;

public class AdmissionNumberTests
{
    [Fact]
    public void ToString_JanuaryWindow_FormatsWithThreeDigitSequence()
    {
        Assert.Equal("DX-2026-H1-007", new AdmissionNumber("DX", 2026, AdmissionSeries.H1, 7).ToString());
    }

    [Theory]
    [InlineData("DX-2026-H1-007", "DX", 2026, AdmissionSeries.H1, 7)]
    [InlineData("370203-2026-EM-001", "370203", 2026, AdmissionSeries.EM, 1)]
    [InlineData("SB-X-2027-H2-1234", "SB-X", 2027, AdmissionSeries.H2, 1234)]
    public void TryParse_WellFormed_RoundTrips(string text, string district, int year, AdmissionSeries series, int sequence)
    {
        Assert.True(AdmissionNumber.TryParse(text, out var number));
        Assert.Equal(new AdmissionNumber(district, year, series, sequence), number);
        Assert.Equal(text, number.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("DX-2026-H3-001")]
    [InlineData("DX-2026-1-001")]
    [InlineData("DX-26-H1-001")]
    [InlineData("DX-2026-H1-000")]
    [InlineData("DX-2026-H1-01")]
    [InlineData("DX-2026-H1-0001")]
    [InlineData("-2026-H1-001")]
    [InlineData("2026-H1-001")]
    [InlineData("DX-2026-em-001")]
    public void TryParse_Malformed_ReturnsFalse(string? text)
    {
        Assert.False(AdmissionNumber.TryParse(text, out var number));
        Assert.Null(number);
    }
}
