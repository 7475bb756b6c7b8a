namespace Fleet.Simulator.Thermal;

/// <summary>
/// Air temperature around a box: a slow random drift around a mean (an Ornstein–Uhlenbeck process,
/// sampled exactly so any step size gives the same statistics), from a seeded random source.
/// </summary>
public sealed class AmbientModel
{
    private readonly double _mean;
    private readonly double _spread;
    private readonly TimeSpan _correlationTime;
    private readonly Random _random;

    /// <summary>Creates the drift, starting at its mean.</summary>
    public AmbientModel(double meanCelsius, double spreadCelsius, TimeSpan correlationTime, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(correlationTime, TimeSpan.Zero);
        _mean = meanCelsius;
        _spread = spreadCelsius;
        _correlationTime = correlationTime;
        _random = random;
        Temperature = meanCelsius;
    }

    /// <summary>The air temperature, °C.</summary>
    public double Temperature { get; private set; }

    /// <summary>Advances the drift by <paramref name="elapsed"/> of device time.</summary>
    public void Advance(TimeSpan elapsed)
    {
        if (elapsed <= TimeSpan.Zero)
        {
            return;
        }

        double decay = Math.Exp(-elapsed.TotalSeconds / _correlationTime.TotalSeconds);
        double sigma = _spread * Math.Sqrt(1 - (decay * decay));
        Temperature = _mean + ((Temperature - _mean) * decay) + (sigma * Gaussian.Next(_random));
    }
}
