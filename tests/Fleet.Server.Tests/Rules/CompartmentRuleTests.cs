using Fleet.Firmware.Protocol;
using Fleet.Server.Rules;
using Fleet.Server.Storage;

namespace Fleet.Server.Tests.Rules;

public sealed class CompartmentRuleTests
{
    private const long T0 = 1_795_000_000_000;
    private const long Minute = 60_000;

    private CompartmentRule _rule = new(CompartmentKinds.Chilled, new RulesOptions().Chilled, lateAfterMs: 120_000);
    private readonly CompartmentState _state = new();

    private RuleDecision At(double minutes, double celsius, double arrivedMinutesLater = 0)
    {
        var t = T0 + (long)(minutes * Minute);
        return _rule.Evaluate(_state, new Reading("BX-1", "c1", t, celsius, t + (long)(arrivedMinutesLater * Minute)));
    }

    private RuleDecision Raised(RuleDecision decision, long alertId = 1)
    {
        Assert.Equal(RuleAction.Raise, decision.Action);
        _state.OpenAlertId = alertId;
        return decision;
    }

    [Fact]
    public void AnExcursionRaisesOneAlertOnlyOnceTheGraceTimeHasPassed()
    {
        Assert.Equal(RuleAction.None, At(0, 8.5).Action);
        Assert.Equal(RuleAction.None, At(2, 9.5).Action);
        Assert.Equal(RuleAction.None, At(4.9, 9.0).Action);

        var raise = Raised(At(5, 9.2));
        Assert.Equal(T0 + 5 * Minute, raise.AtMs);
        Assert.Equal(T0, raise.ExcursionStartMs);
        Assert.Equal(9.5, raise.PeakCelsius);
        Assert.False(raise.Late);

        Assert.Equal(RuleAction.None, At(6, 10).Action);
        Assert.Equal(RuleAction.None, At(30, 10).Action);
    }

    [Fact]
    public void TheAlertIsRaisedAtTheDeviceTimeTheGraceRanOutEvenWhenTheReadingComesLater()
    {
        At(0, 9);
        var raise = Raised(At(7, 9));

        Assert.Equal(T0 + 5 * Minute, raise.AtMs);
    }

    [Fact]
    public void AReadingAtOrBelowTheMaximumMinusHysteresisResolvesTheAlert()
    {
        At(0, 9);
        Raised(At(5, 11));

        var resolve = At(8, 7.5);

        Assert.Equal(RuleAction.Resolve, resolve.Action);
        Assert.Equal(T0 + 8 * Minute, resolve.AtMs);
        Assert.Equal(T0, resolve.ExcursionStartMs);
        Assert.Equal(11, resolve.PeakCelsius);
    }

    [Fact]
    public void ReadingsHoveringAtTheLimitNeitherEndAnExcursionNorFlap()
    {
        At(0, 8.2);
        Assert.Equal(RuleAction.None, At(1, 7.8).Action);
        Assert.Equal(RuleAction.None, At(2, 8.1).Action);
        Assert.Equal(RuleAction.None, At(3, 7.6).Action);
        // Still the excursion that started at minute 0.
        Raised(At(5, 8.1));

        for (var minute = 6; minute < 20; minute++)
        {
            Assert.Equal(RuleAction.None, At(minute, minute % 2 == 0 ? 7.7 : 8.3).Action);
        }
    }

    [Fact]
    public void ReadingsAtExactlyTheMaximumDoNotStartAnExcursion()
    {
        for (var minute = 0; minute <= 20; minute++)
        {
            Assert.Equal(RuleAction.None, At(minute, 8.0).Action);
        }

        Assert.Null(_state.ExcursionStartMs);
    }

    [Fact]
    public void AShortExcursionEndedBelowTheHysteresisStartsTheGraceTimeAgain()
    {
        At(0, 9);
        At(4, 7);
        At(5, 9);

        Assert.Equal(RuleAction.None, At(9, 9).Action);
        Assert.Equal(RuleAction.Raise, At(10, 9).Action);
    }

    [Fact]
    public void AnAlertRaisedByAReadingThatArrivedLateIsMarkedLate()
    {
        At(-10, 4);
        At(0, 9, arrivedMinutesLater: 180);

        var raise = At(5, 9, arrivedMinutesLater: 175);

        Assert.True(raise.Late);
        Assert.Equal(T0 + 5 * Minute, raise.AtMs);
    }

    [Fact]
    public void ABoxWhoseClockRunsBehindTheServersIsNotLateForThat()
    {
        At(0, 9, arrivedMinutesLater: 10);

        var raise = At(5, 9, arrivedMinutesLater: 10);

        Assert.False(raise.Late);
    }

    [Fact]
    public void AReadingOlderThanTheLastEvaluatedOneIsOutOfOrderAndChangesNothing()
    {
        At(5, 4);

        Assert.Equal(RuleAction.OutOfOrder, At(3, 12).Action);
        Assert.Null(_state.ExcursionStartMs);
    }

    private void Use(string kind)
    {
        var options = new RulesOptions();
        _rule = new CompartmentRule(kind, kind == CompartmentKinds.Frozen ? options.Frozen : options.Hot, lateAfterMs: 120_000);
    }

    [Fact]
    public void AChilledCompartmentJustOverItsLimitRaisesAtTheGraceTimeAndNotAMomentBefore()
    {
        At(0, 8.1);
        Assert.Equal(RuleAction.None, At(4.99, 8.1).Action);

        Assert.Equal(T0 + 5 * Minute, Raised(At(5, 8.1)).AtMs);
    }

    [Fact]
    public void AFrozenCompartmentAtMinusEighteenIsFineAndJustAboveItAlertsAfterTheGraceTime()
    {
        Use(CompartmentKinds.Frozen);
        Assert.Equal(RuleAction.None, At(0, -18).Action);
        Assert.Null(_state.ExcursionStartMs);

        At(1, -17.9);
        Assert.Equal(RuleAction.None, At(5.9, -16).Action);
        var raise = Raised(At(6, -16));

        Assert.Equal((T0 + 6 * Minute, -16.0), (raise.AtMs, raise.PeakCelsius));
        Assert.Equal(RuleAction.None, At(7, -18.4).Action);
        Assert.Equal(RuleAction.Resolve, At(8, -18.5).Action);
    }

    [Fact]
    public void AFrozenCompartmentAboveMinusFifteenAlertsAtOnceButAtMinusFifteenItWaitsForTheGraceTime()
    {
        Use(CompartmentKinds.Frozen);
        Assert.Equal(RuleAction.None, At(0, -15).Action);

        var raise = Raised(At(1, -14.9));

        Assert.Equal((T0 + 1 * Minute, T0), (raise.AtMs, raise.ExcursionStartMs));
    }

    [Fact]
    public void AHotCompartmentAtSixtyIsFineAndJustBelowItAlertsAfterTheGraceTime()
    {
        Use(CompartmentKinds.Hot);
        Assert.Equal(RuleAction.None, At(0, 60).Action);
        Assert.Null(_state.ExcursionStartMs);

        At(1, 59.9);
        Assert.Equal(RuleAction.None, At(5.9, 50).Action);
        var raise = Raised(At(6, 55));

        Assert.Equal((T0 + 6 * Minute, 50.0), (raise.AtMs, raise.PeakCelsius));
    }

    [Fact]
    public void AHotCompartmentHoveringAtSixtyDoesNotFlapAndResolvesOnlyHalfADegreeAbove()
    {
        Use(CompartmentKinds.Hot);
        At(0, 59);
        Raised(At(5, 59));
        for (var minute = 6; minute < 20; minute++)
        {
            Assert.Equal(RuleAction.None, At(minute, minute % 2 == 0 ? 60.4 : 59.8).Action);
        }

        Assert.Equal(RuleAction.Resolve, At(20, 60.5).Action);
    }
}
