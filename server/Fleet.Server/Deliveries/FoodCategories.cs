namespace Fleet.Server.Deliveries;

public static class FoodCategories
{
    public const string Hot = "hot";
    public const string Chilled = "chilled";
    public const string Frozen = "frozen";
    public const string Ambient = "ambient";
    public const string RawOrCold = "raw-or-cold";

    public static bool IsKnown(string? category) => category is Hot or Chilled or Frozen or Ambient or RawOrCold;

    /// <summary>The compartment kind whose limits this category's food is kept to; null for ambient or unknown food.</summary>
    public static string? KeptIn(string category) => category switch
    {
        Chilled or RawOrCold => "chilled",
        Frozen => "frozen",
        Hot => "hot",
        _ => null,
    };

    /// <summary>The compartment capabilities that may carry food of this category; empty when any box will do.</summary>
    public static string[] CarriedIn(string category) => category switch
    {
        Chilled or RawOrCold => ["chilled", "frozen"],
        Frozen => ["frozen"],
        _ => [],
    };
}
