namespace Fleet.Server.Rules;

/// <summary>
/// Progress of the start-up rebuild of rule state, which begins once the host has started (so it
/// does not compete with the start for the cores) and runs while the server already ingests:
/// readings are stored and acknowledged meanwhile, and their rules run once it is done. Shown by
/// GET /health. Setting <see cref="HoldSetting"/> (tests only) makes the rebuild, and the
/// stuck-sensor recount of <see cref="FleetWatch"/>, wait for <see cref="Release"/>, so a test can
/// publish while they are deterministically still running.
/// </summary>
public sealed class RuleRebuild(IConfiguration configuration, IHostApplicationLifetime lifetime)
{
    /// <summary>Test-only setting: when true the rebuild does not begin until <see cref="Release"/>.</summary>
    public const string HoldSetting = "Rules:HoldRebuildForTests";

    private readonly bool _held = configuration.GetValue<bool>(HoldSetting);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _compartments;
    private int _compartmentsDone;

    /// <summary>True until the rule state is rebuilt; readings committed meanwhile wait in the rule queue.</summary>
    public bool IsRebuilding => !_finished.Task.IsCompleted;

    /// <summary>Compartments to rebuild (known once the rebuild has listed them).</summary>
    public int Compartments => Volatile.Read(ref _compartments);

    /// <summary>Compartments whose recent history has been run through their rule.</summary>
    public int CompartmentsDone => Volatile.Read(ref _compartmentsDone);

    /// <summary>Completes when the rule state is rebuilt.</summary>
    public Task Finished => _finished.Task;

    /// <summary>Lets a rebuild held by <see cref="HoldSetting"/> begin.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Waits until the host has started (the broker listens by then) and, when held, for <see cref="Release"/>.</summary>
    internal async Task WaitUntilDueAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_held)
        {
            await _released.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    internal void Listed(int compartments) => Volatile.Write(ref _compartments, compartments);

    internal void Done(int compartments) => Volatile.Write(ref _compartmentsDone, compartments);

    internal void Finish() => _finished.TrySetResult();
}
