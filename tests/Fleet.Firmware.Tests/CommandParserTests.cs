using System.Text;
using Fleet.Firmware.Protocol;

namespace Fleet.Firmware.Tests;

public sealed class CommandParserTests
{
    [Fact]
    public void IntervalCommandIsAccepted()
    {
        var result = CommandParser.Parse(Encoding.UTF8.GetBytes("""{"cmd":"interval","value":60}"""));

        Assert.True(result.Accepted);
        Assert.Equal("interval", result.Command);
        Assert.Equal(60, result.Value);
    }

    [Fact]
    public void CommandIsReadWhateverTheWhitespaceMemberOrderAndExtraMembers()
    {
        var result = CommandParser.Parse(" {\n \"value\" : 120.0 ,\t\"id\":{\"a\":[1,true,null]}, \"cmd\" : \"interval\" }\r\n");

        Assert.True(result.Accepted);
        Assert.Equal(120, result.Value);
    }

    [Theory]
    [InlineData("""{"cmd":"interval","value":4}""")]
    [InlineData("""{"cmd":"interval","value":301}""")]
    [InlineData("""{"cmd":"interval","value":-30}""")]
    [InlineData("""{"cmd":"interval","value":99999999999999999999}""")]
    public void CommandWithOutOfRangeIntervalIsRejected(string json)
    {
        var result = CommandParser.Parse(json);

        Assert.False(result.Accepted);
        Assert.Equal("out-of-range", result.Reason);
    }

    [Theory]
    [InlineData("""{"cmd":"reboot"}""", "unknown-command")]
    [InlineData("""{"value":30}""", "unknown-command")]
    [InlineData("""{"cmd":"interval"}""", "missing-value")]
    [InlineData("""{"cmd":"interval","value":null}""", "missing-value")]
    [InlineData("""{"cmd":"interval","value":"60"}""", "bad-value")]
    [InlineData("""{"cmd":"interval","value":30.5}""", "bad-value")]
    [InlineData("""{"cmd":"interval","value":3e1}""", "bad-value")]
    [InlineData("""{"cmd":"interval","value":60""", "malformed")]
    [InlineData("""[{"cmd":"interval","value":60}]""", "malformed")]
    [InlineData("""{"cmd":"interval","value":60} x""", "malformed")]
    [InlineData("", "malformed")]
    [InlineData("not json", "malformed")]
    public void BadCommandIsRejectedWithItsReason(string json, string reason)
    {
        var result = CommandParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.False(result.Accepted);
        Assert.Equal(reason, result.Reason);
    }
}
