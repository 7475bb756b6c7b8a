namespace Fleet.Server.Deliveries;

/// <summary>One food item of an order.</summary>
/// <param name="Category">hot, chilled, frozen, ambient or raw-or-cold (cold dishes, raw food, cold-processed pastries).</param>
/// <param name="ShelfLifeHours">The item's shelf life, when it has one; without one the order record is kept 2 years (R6).</param>
public sealed record FoodItem(string Name, string Category, double? ShelfLifeHours = null);
