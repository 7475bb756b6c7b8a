namespace Fleet.Dashboard.Data;

/// <summary>One food item of an order.</summary>
/// <param name="Category">hot, chilled, frozen, ambient or raw-or-cold.</param>
public sealed record FoodItemView(string Name, string Category, double? ShelfLifeHours);
