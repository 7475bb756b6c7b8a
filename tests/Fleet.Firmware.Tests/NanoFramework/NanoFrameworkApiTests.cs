namespace Fleet.Firmware.Tests.NanoFramework;

/// <summary>
/// The firmware core is compiled here for tests and the simulator, and for the ESP32 by
/// nanoFramework, which cannot be built on these machines. This proves, from the compiled
/// assembly, that the core uses only types and members nanoFramework 1.x has.
/// </summary>
public sealed class NanoFrameworkApiTests
{
    // Libraries the ESP32 project references. mscorlib without reflection is the stricter
    // variant, so the core also fits firmware images built without it.
    private static readonly string[] DeviceLibraries =
    [
        "mscorlib.NoReflection.txt",
        "System.Collections.txt",
        "System.Text.txt",
        "System.Math.txt",
        "System.Threading.txt",
        "System.IO.Streams.txt",
    ];

    // Lowerings that differ by target: nanoFramework's compiler emits the listed member instead.
    private static readonly HashSet<string> SameOnDevice = new(StringComparer.Ordinal)
    {
        "M:System.Threading.Monitor.Enter(System.Object,System.Boolean@)",
    };

    [Fact]
    public void FirmwareCoreUsesOnlyTheNanoFrameworkApi()
    {
        var api = NanoFrameworkApi.Load(SharedFolder("nanoframework-api"), DeviceLibraries);
        var (references, genericUses) = ReferencedApi.ReadFrom(typeof(Fleet.Firmware.Protocol.Topics).Assembly.Location);

        var missing = references
            .Where(r => !IsCompilerAttribute(r) && !SameOnDevice.Contains(r.ToString()))
            .Where(r => r.Kind == "T" ? !api.HasType(r.TypeName) : !api.HasMember(r.Kind, r.TypeName, r.Member))
            .Select(r => r.ToString())
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, "The firmware core uses members nanoFramework lacks:\n" + string.Join("\n", missing));
        Assert.True(genericUses.Count == 0, "nanoFramework 1.x has no generics; the firmware core uses:\n" + string.Join("\n", genericUses));
    }

    [Fact]
    public void CheckFindsMembersNanoFrameworkLacks()
    {
        var api = NanoFrameworkApi.Load(SharedFolder("nanoframework-api"), DeviceLibraries);

        Assert.True(api.HasMember("M", "System.String", "Concat(System.String,System.String)"));
        Assert.True(api.HasMember("M", "System.Collections.ArrayList", "Add(System.Object)"));
        Assert.True(api.HasMember("M", "System.String", "Format(System.String)"), "a params call with no arguments binds to the listed overload");
        Assert.False(api.HasMember("M", "System.String", "Replace(System.String,System.String)"));
        Assert.False(api.HasMember("M", "System.DateTime", "get_Now"));
        Assert.False(api.HasMember("M", "System.Double", "ToString(System.IFormatProvider)"));
        Assert.False(api.HasType("System.Collections.Generic.List`1"));
    }

    // Attributes the compiler applies (Nullable, CompilerGenerated, TargetFramework…) are
    // consumed at build time and never reach the device.
    private static bool IsCompilerAttribute(ReferencedApi reference) =>
        reference.TypeName.EndsWith("Attribute", StringComparison.Ordinal) ||
        reference.TypeName.Contains("Attribute.", StringComparison.Ordinal);

    private static string SharedFolder(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"shared/{name} was not found beside the repository.");
    }
}
