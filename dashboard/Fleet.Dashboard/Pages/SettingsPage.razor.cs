using System.Globalization;
using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// The admin's rule settings: the compartment kinds' limits (the regulation's, read-only), each food
/// category's tighter limits, edited and saved or reset row by row through <see cref="IRuleSettings"/>
/// (which refuses a looser value with its reason and audits each change), and the boxes whose
/// profiles set limits of their own.
/// </summary>
public partial class SettingsPage : ComponentBase
{
    private readonly List<CategoryRow> rows = [];
    private RuleSettingsView? rules;
    private IReadOnlyList<BoxProfileLimitsView>? profiles;
    private string? error;
    private string? confirmation;
    private bool busy;

    [Inject]
    private IRuleSettings Settings { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        error = null;
        try
        {
            rules = await Settings.GetRulesAsync();
            rows.Clear();
            rows.AddRange(rules.Categories.Select(c => new CategoryRow(c)));
            profiles = rules.Refusal is null ? await Settings.GetBoxProfilesAsync() : [];
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            error = "The rule settings could not be loaded: " + exception.Message;
        }
    }

    private Task SaveAsync(CategoryRow row) =>
        ChangeAsync(row, () => Settings.SaveCategoryAsync(row.View.Category, row.Values), "Saved");

    private Task ResetAsync(CategoryRow row) =>
        ChangeAsync(row, () => Settings.ResetCategoryAsync(row.View.Category), "Reset");

    private async Task ChangeAsync(CategoryRow row, Func<Task<CategoryChangeResult>> change, string done)
    {
        busy = true;
        row.Problem = null;
        confirmation = null;
        try
        {
            var result = await change();
            if (result.Problem is { } problem)
            {
                row.Problem = problem;
            }
            else if (result.Category is { } now)
            {
                row.Show(now);
                confirmation = $"{done}. {result.Change}";
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            row.Problem = "the change could not be sent: " + exception.Message;
        }
        finally
        {
            busy = false;
        }
    }

    private KindLimitsView? KindOf(string kind) => rules?.Kinds.FirstOrDefault(k => k.Kind == kind);

    private string SourceLabel(CategoryLimitsView view) => view.Source switch
    {
        CategoryLimitsView.FromSetting => $"set by {view.ChangedBy}" + (view.ChangedAt is { } at ? $", {Display.LocalTime(at, Time.LocalTimeZone)}" : ""),
        CategoryLimitsView.FromConfiguration => $"configuration (Rules:Categories:{view.Category})",
        _ => "the compartment's limits",
    };

    private static string Number(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static string LimitsLabel(LimitValues limits)
    {
        var parts = new List<string>();
        if (limits.MaxCelsius is { } max)
        {
            parts.Add($"max {Display.Celsius(max)}");
        }

        if (limits.MinCelsius is { } min)
        {
            parts.Add($"min {Display.Celsius(min)}");
        }

        if (limits.GraceMinutes is { } grace)
        {
            parts.Add($"grace {Display.Minutes(grace)}");
        }

        return string.Join(", ", parts);
    }

    /// <summary>A food category's row: what is in force, what the admin typed, and the server's refusal.</summary>
    private sealed class CategoryRow(CategoryLimitsView view)
    {
        public CategoryLimitsView View { get; private set; } = view;

        public double? MaxCelsius { get; set; } = view.InForce.MaxCelsius;

        public double? MinCelsius { get; set; } = view.InForce.MinCelsius;

        public double? GraceMinutes { get; set; } = view.InForce.GraceMinutes;

        public string? Problem { get; set; }

        public LimitValues Values => new(MaxCelsius, MinCelsius, GraceMinutes);

        public bool Changed => Values != View.InForce;

        public void Show(CategoryLimitsView now)
        {
            View = now;
            (MaxCelsius, MinCelsius, GraceMinutes) = (now.InForce.MaxCelsius, now.InForce.MinCelsius, now.InForce.GraceMinutes);
        }
    }
}
