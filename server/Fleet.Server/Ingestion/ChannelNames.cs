using System.Text;
using Fleet.Firmware.Protocol;

namespace Fleet.Server.Ingestion;

/// <summary>
/// The names a pack may carry, as UTF-8 bytes mapped to shared string instances, so decoding a
/// record's name allocates nothing.
/// </summary>
internal static class ChannelNames
{
    private static readonly (byte[] Utf8, string Name)[] Temperatures = Build(TemperatureNames());
    private static readonly (byte[] Utf8, string Name)[] EventNames = Build(EventNameList());

    /// <summary>The channel for <paramref name="name"/> on a topic of <paramref name="kind"/>, or null when it is not one.</summary>
    public static string? Find(ReadOnlySpan<byte> name, PackKind kind)
    {
        var table = kind == PackKind.Telemetry ? Temperatures : EventNames;
        for (var i = 0; i < table.Length; i++)
        {
            if (name.SequenceEqual(table[i].Utf8))
            {
                return table[i].Name;
            }
        }

        return null;
    }

    /// <summary>Every temperature channel: c1 … c8 and ambient.</summary>
    public static IReadOnlyList<string> TemperatureChannels { get; } = TemperatureNames();

    private static string[] TemperatureNames()
    {
        var names = new string[Channels.MaxCompartments + 1];
        for (var i = 1; i <= Channels.MaxCompartments; i++)
        {
            names[i - 1] = Channels.Compartment(i);
        }

        names[^1] = Channels.Ambient;
        return names;
    }

    private static string[] EventNameList()
    {
        var names = new List<string> { Channels.Lid, Channels.Uvc, Channels.Pickup, Channels.Handover, Channels.Command, Channels.Clock, Channels.Disinfection };
        for (var i = 1; i <= Channels.MaxCompartments; i++)
        {
            names.Add(Channels.Compartment(i) + Channels.AlarmSuffix);
        }

        return [.. names];
    }

    private static (byte[], string)[] Build(string[] names)
    {
        var table = new (byte[], string)[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            table[i] = (Encoding.UTF8.GetBytes(names[i]), names[i]);
        }

        return table;
    }
}
