using System.Globalization;
using Fleet.Dashboard.Data;

namespace Fleet.Dashboard.Live;

/// <summary>How values read on screen: one place, so every page says it the same way.</summary>
public static class Display
{
    /// <summary>"12 s ago", "5 min ago", "3 h ago", "2 d ago", or "never".</summary>
    public static string Age(DateTimeOffset? then, DateTimeOffset now)
    {
        if (then is null)
        {
            return "never";
        }

        var age = now - then.Value;
        if (age < TimeSpan.Zero)
        {
            // The box's report is a touch ahead of this clock; it was just seen.
            age = TimeSpan.Zero;
        }

        return age.TotalSeconds < 60 ? Invariant($"{(int)age.TotalSeconds} s ago")
            : age.TotalMinutes < 60 ? Invariant($"{(int)age.TotalMinutes} min ago")
            : age.TotalHours < 48 ? Invariant($"{(int)age.TotalHours} h ago")
            : Invariant($"{(int)age.TotalDays} d ago");
    }

    /// <summary>One decimal and the unit ("4.2 °C"), or a dash before the first reading.</summary>
    public static string Celsius(double? celsius) =>
        celsius is { } c ? c.ToString("0.0", CultureInfo.InvariantCulture) + " °C" : "—";

    /// <summary>The state as markup and tests see it: in-range, out-of-range or unknown.</summary>
    public static string StateName(TemperatureState state) => state switch
    {
        TemperatureState.InRange => "in-range",
        TemperatureState.OutOfRange => "out-of-range",
        _ => "unknown",
    };

    /// <summary>The state as a person reads it.</summary>
    public static string StateLabel(TemperatureState state) => state switch
    {
        TemperatureState.InRange => "in range",
        TemperatureState.OutOfRange => "out of range",
        _ => "no reading or no limit",
    };

    /// <summary>A moment in the viewer's time zone, "yyyy-MM-dd HH:mm:ss".</summary>
    public static string LocalTime(DateTimeOffset moment, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(moment, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A moment as an unambiguous ISO 8601 instant, for tooltips and datetime attributes.</summary>
    public static string Iso(DateTimeOffset moment) =>
        moment.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    /// <summary>created, assigned, picked up or handed over.</summary>
    public static string StepLabel(DeliveryState state) => state switch
    {
        DeliveryState.Assigned => "assigned",
        DeliveryState.PickedUp => "picked up",
        DeliveryState.HandedOver => "handed over",
        _ => "created",
    };

    /// <summary>The step as markup and tests see it: created, assigned, picked-up or handed-over.</summary>
    public static string StepName(DeliveryState state) => StepLabel(state).Replace(' ', '-');

    /// <summary>The verdict in a word: compliant, not compliant, or pending before it is known.</summary>
    public static string VerdictLabel(bool? compliant) => compliant switch
    {
        true => "compliant",
        false => "not compliant",
        null => "pending",
    };

    /// <summary>The verdict as markup and tests see it: yes, no or pending.</summary>
    public static string VerdictName(bool? compliant) => compliant switch
    {
        true => "yes",
        false => "no",
        null => "pending",
    };

    /// <summary>Minutes with one decimal at most ("12.5 min"), or a dash when unknown.</summary>
    public static string Minutes(double? minutes) =>
        minutes is { } m ? m.ToString("0.#", CultureInfo.InvariantCulture) + " min" : "—";

    /// <summary>The requirement id a verdict reason ends with ("… (R5)" gives "R5"), or null.</summary>
    public static string? RequirementOf(string reason)
    {
        var open = reason.LastIndexOf("(R", StringComparison.Ordinal);
        return open >= 0 && reason.EndsWith(')') ? reason[(open + 1)..^1] : null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
