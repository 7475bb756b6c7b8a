using BenchmarkDotNet.Attributes;
using Fleet.Firmware.Protocol;
using Fleet.Server.Rules;
using Fleet.Server.Storage;

namespace Fleet.Benchmarks.Micro;

/// <summary>
/// The chilled rule's state machine over a compartment's readings: mostly in range, with an
/// excursion that raises and resolves an alert every 100 readings. Reported per reading.
/// </summary>
[MemoryDiagnoser]
public class RuleEvaluationBenchmarks
{
    private const int Readings = 1000;
    private readonly CompartmentRule _rule = new(CompartmentKinds.Chilled, new RulesOptions().Chilled, lateAfterMs: 120_000);
    private Reading[] _readings = [];

    [GlobalSetup]
    public void Setup()
    {
        const long first = 1_700_000_000_000;
        _readings = new Reading[Readings];
        for (var i = 0; i < Readings; i++)
        {
            // 30 s apart; readings 80-99 of every hundred are 12 °C, longer than the 5 min grace.
            var celsius = i % 100 >= 80 ? 12.0 : 4.0 + (i % 7) * 0.3;
            _readings[i] = new Reading("LD-0001", "c1", first + i * 30_000L, celsius, first + i * 30_000L + 50);
        }
    }

    [Benchmark(OperationsPerInvoke = Readings, Description = "CompartmentRule.Evaluate, per reading")]
    public int Evaluate()
    {
        var state = new CompartmentState();
        var raised = 0;
        for (var i = 0; i < _readings.Length; i++)
        {
            var decision = _rule.Evaluate(state, _readings[i]);
            if (decision.Action == RuleAction.Raise)
            {
                // The engine records the alert it opened; without an id the rule would raise again.
                state.OpenAlertId = ++raised;
            }
            else if (decision.Action == RuleAction.Resolve)
            {
                state.OpenAlertId = null;
            }
        }

        return raised;
    }
}
