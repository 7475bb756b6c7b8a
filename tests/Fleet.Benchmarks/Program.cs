using BenchmarkDotNet.Running;
using Fleet.Benchmarks.Load;

// Fleet's performance harness. Modes:
//   load   drive MQTT publishers into a real server (child process) and print the figures
//   smoke  a few seconds of load mode, then of 200 light boxes; exit code 1 if a reading was lost or nothing was stored
//   restart  fill a store with 10,000 boxes' history, restart the server on it and time it
//   micro  BenchmarkDotNet micro-benchmarks (any further arguments go to BenchmarkSwitcher)
var mode = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
switch (mode)
{
    case "load":
        return await LoadHarness.RunAsync(LoadOptions.Parse(rest));
    case "smoke":
        var standard = await LoadHarness.RunAsync(LoadOptions.Smoke(rest));
        return standard != 0 ? standard : await LoadHarness.RunAsync(LoadOptions.SmokeBoxes());
    case "restart":
        return await RestartRun.RunAsync(LoadOptions.Restart(rest));
    case "micro":
        BenchmarkSwitcher.FromAssembly(typeof(LoadHarness).Assembly).Run(rest.Length > 0 ? rest : ["--filter", "*"]);
        return 0;
    default:
        Console.WriteLine("usage: Fleet.Benchmarks load [options] | smoke [options] | restart [options] | micro [BenchmarkDotNet args]");
        Console.WriteLine(LoadOptions.Usage);
        return mode is "help" or "--help" or "-h" ? 0 : 2;
}
