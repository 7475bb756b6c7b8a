using Fleet.Simulator.Thermal;

namespace Fleet.Simulator.Tests;

public sealed class CompartmentModelTests
{
    private static CompartmentModel Chilled() => new(4, TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(3));

    [Fact]
    public void ChilledCompartmentWithCoolingFailureExceedsEightDegreesWithinMinutes()
    {
        var c1 = Chilled();
        c1.ActiveElementWorking = false;
        var trace = new List<double>();

        for (int s = 0; s < 10 * 60; s += 10)
        {
            c1.Advance(TimeSpan.FromSeconds(10), ambientCelsius: 25);
            trace.Add(c1.Temperature);
        }

        int firstAbove = trace.FindIndex(t => t > 8);
        Assert.InRange(firstAbove, 1, 8 * 6); // within 8 device minutes, not at once
        Assert.All(trace.Zip(trace.Skip(1)), p => Assert.True(p.Second > p.First, "keeps rising"));
        Assert.True(trace[^1] < 25);
    }

    [Fact]
    public void HealthyChilledCompartmentStaysBetweenTwoAndSixDegrees()
    {
        var c1 = Chilled();
        var ambient = new AmbientModel(25, 3, TimeSpan.FromHours(1), new Random(42));

        for (int s = 0; s < 6 * 3600; s += 15)
        {
            ambient.Advance(TimeSpan.FromSeconds(15));
            c1.LidOpen = s % 1800 < 15; // the courier opens it for 15 s every half hour
            c1.Advance(TimeSpan.FromSeconds(15), ambient.Temperature);
            Assert.InRange(c1.Temperature, 2, 6);
        }
    }

    [Fact]
    public void RestoredCoolingBringsTheCompartmentBackToItsSetpoint()
    {
        var c1 = Chilled();
        c1.ActiveElementWorking = false;
        c1.Advance(TimeSpan.FromMinutes(20), 25);
        Assert.True(c1.Temperature > 10);

        c1.ActiveElementWorking = true;
        c1.Advance(TimeSpan.FromMinutes(30), 25);

        Assert.InRange(c1.Temperature, 3.5, 4.5);
    }

    [Fact]
    public void HotCompartmentWithHeaterFailureFallsBelowSixtyDegrees()
    {
        var c3 = new CompartmentModel(65, TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(3)) { ActiveElementWorking = false };

        c3.Advance(TimeSpan.FromMinutes(10), 25);

        Assert.InRange(c3.Temperature, 25, 59);
    }

    [Fact]
    public void ResultDoesNotDependOnTheStepSize()
    {
        var coarse = Chilled();
        var fine = Chilled();
        coarse.ActiveElementWorking = fine.ActiveElementWorking = false;

        coarse.Advance(TimeSpan.FromMinutes(10), 25);
        for (int i = 0; i < 600; i++)
        {
            fine.Advance(TimeSpan.FromSeconds(1), 25);
        }

        Assert.Equal(coarse.Temperature, fine.Temperature, 6);
    }
}
