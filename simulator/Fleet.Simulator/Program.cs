using Fleet.Simulator;
using Fleet.Simulator.Cli;
using Microsoft.Extensions.Logging;

SimulationOptions options;
try
{
    options = CommandLine.Parse(args);
}
catch (FormatException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

using var loggerFactory = new ConsoleLoggerFactory(LogLevel.Information);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await using var simulation = new FleetSimulation(options, loggerFactory);
await simulation.StartAsync(stop.Token);
using var summary = new PeriodicTimer(TimeSpan.FromSeconds(5));
try
{
    while (await summary.WaitForNextTickAsync(stop.Token))
    {
        var boxes = simulation.Boxes;
        Console.WriteLine(
            $"{DateTime.Now:HH:mm:ss} device {simulation.DeviceNow:yyyy-MM-dd HH:mm:ss}Z  connected {boxes.Count(b => b.Connected)}/{boxes.Count}" +
            $"  published {boxes.Sum(b => b.Published)}  queued {boxes.Sum(b => b.Queued)}  alarms {boxes.Count(b => b.AlarmSounding)}");
    }
}
catch (OperationCanceledException)
{
}

await simulation.StopAsync();
return 0;
