namespace Fleet.Simulator.Thermal;

/// <summary>Standard normal samples from a seeded <see cref="Random"/> (Box–Muller).</summary>
public static class Gaussian
{
    /// <summary>A sample of N(0, 1).</summary>
    public static double Next(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
