using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;

namespace Fleet.Dashboard.Tests;

public sealed class DisplayTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "0 s ago")]
    [InlineData(12, "12 s ago")]
    [InlineData(59, "59 s ago")]
    [InlineData(60, "1 min ago")]
    [InlineData(3599, "59 min ago")]
    [InlineData(7200, "2 h ago")]
    [InlineData(3 * 86400, "3 d ago")]
    [InlineData(-5, "0 s ago")]
    public void AgesReadInTheLargestWholeUnit(int secondsAgo, string expected) =>
        Assert.Equal(expected, Display.Age(Now.AddSeconds(-secondsAgo), Now));

    [Fact]
    public void ABoxNeverSeenSaysNever() => Assert.Equal("never", Display.Age(null, Now));

    [Theory]
    [InlineData(4.25, "4.3 °C")]
    [InlineData(-18.0, "-18.0 °C")]
    [InlineData(null, "—")]
    public void TemperaturesShowOneDecimal(double? celsius, string expected) =>
        Assert.Equal(expected, Display.Celsius(celsius));

    [Fact]
    public void StatesHaveStableNamesForMarkupAndTests()
    {
        Assert.Equal("in-range", Display.StateName(TemperatureState.InRange));
        Assert.Equal("out-of-range", Display.StateName(TemperatureState.OutOfRange));
        Assert.Equal("unknown", Display.StateName(TemperatureState.Unknown));
    }
}
