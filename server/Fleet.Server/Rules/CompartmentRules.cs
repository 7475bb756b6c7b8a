using Fleet.Firmware.Protocol;

namespace Fleet.Server.Rules;

/// <summary>The compartment rule of each kind that has one (chilled, frozen, hot), looked up without allocating.</summary>
public sealed class CompartmentRules(RulesOptions options, long lateAfterMs)
{
    private readonly CompartmentRule _chilled = new(CompartmentKinds.Chilled, options.Chilled, lateAfterMs);
    private readonly CompartmentRule _frozen = new(CompartmentKinds.Frozen, options.Frozen, lateAfterMs);
    private readonly CompartmentRule _hot = new(CompartmentKinds.Hot, options.Hot, lateAfterMs);

    public RulesOptions Options { get; } = options;

    public IReadOnlyList<CompartmentRule> All => [_chilled, _frozen, _hot];

    public CompartmentRule? For(string? kind) => kind switch
    {
        CompartmentKinds.Chilled => _chilled,
        CompartmentKinds.Frozen => _frozen,
        CompartmentKinds.Hot => _hot,
        _ => null,
    };

    public CompartmentRule? ForCode(string code) => code switch
    {
        CompartmentRule.ChilledCode => _chilled,
        CompartmentRule.FrozenCode => _frozen,
        CompartmentRule.HotCode => _hot,
        _ => null,
    };
}
