namespace Fleet.Simulator.Tests.Support;

/// <summary>Waits for a condition with a deadline, instead of sleeping for luck.</summary>
public static class Eventually
{
    public static async Task Until(Func<bool> condition, TimeSpan deadline, string what)
    {
        var until = DateTime.UtcNow + deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Timed out after {deadline.TotalSeconds:0} s waiting until {what}.");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
