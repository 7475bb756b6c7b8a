namespace Fleet.Dashboard.Data;

/// <summary>A disinfection cycle of a box as its page lists it (R4).</summary>
/// <param name="EndedAt">When the cycle ended, on the box's clock.</param>
/// <param name="What">The box's report ("complete:300", "incomplete:lid") or the lamp cycle ("UV-C on 320 s").</param>
/// <param name="Counts">Whether it gave the full dose, so the box is fit for a day after it.</param>
public sealed record DisinfectionCycleView(DateTimeOffset EndedAt, string What, bool Counts);
