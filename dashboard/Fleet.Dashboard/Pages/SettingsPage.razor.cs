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
    /// <summary>How many boxes a search lists at most.</summary>
    public const int MaxProfilesShown = 50;

    private readonly List<CategoryRow> rows = [];
    private RuleSettingsView? rules;
    private IReadOnlyList<BoxProfileLimitsView>? profiles;
    private string? error;
    private string? confirmation;
    private string? boxConfirmation;
    private string boxFilter = "";
    private BoxEditor? editing;
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

    // Without a search, the boxes that set limits of their own; with one, the boxes whose id contains it.
    private List<BoxProfileLimitsView> ShownProfiles => string.IsNullOrWhiteSpace(boxFilter)
        ? [.. (profiles ?? []).Where(p => p.HasOwnLimits).Take(MaxProfilesShown)]
        : [.. (profiles ?? []).Where(p => p.BoxId.Contains(boxFilter.Trim(), StringComparison.OrdinalIgnoreCase)).Take(MaxProfilesShown)];

    private int OwnLimitsCount() => profiles?.Count(p => p.HasOwnLimits) ?? 0;

    private void Edit(BoxProfileLimitsView box)
    {
        boxConfirmation = null;
        editing = new BoxEditor(box);
    }

    private void CancelEdit() => editing = null;

    private async Task SaveBoxAsync()
    {
        if (editing is not { } editor)
        {
            return;
        }

        busy = true;
        editor.Problem = null;
        try
        {
            var result = await Settings.SaveBoxLimitsAsync(editor.BoxId, [.. editor.Rows.Select(r => r.View)]);
            if (result.Problem is { } problem)
            {
                editor.Problem = problem;
            }
            else if (result.Box is { } saved)
            {
                profiles = [.. (profiles ?? []).Select(p => p.BoxId == saved.BoxId ? saved : p)];
                boxConfirmation = $"Saved {saved.BoxId}'s compartment limits.";
                editing = null;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            editor.Problem = "the change could not be sent: " + exception.Message;
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

    /// <summary>A box's compartments being edited, and the server's refusal.</summary>
    private sealed class BoxEditor(BoxProfileLimitsView box)
    {
        public string BoxId { get; } = box.BoxId;

        public List<CompartmentRow> Rows { get; } = [.. box.Compartments.Select(c => new CompartmentRow(c))];

        public string? Problem { get; set; }
    }

    /// <summary>One compartment's limits as the admin types them.</summary>
    private sealed class CompartmentRow(CompartmentLimitsView compartment)
    {
        public string Channel { get; } = compartment.Channel;

        public string Capability { get; } = compartment.Capability;

        public double? MaxCelsius { get; set; } = compartment.Limits.MaxCelsius;

        public double? MinCelsius { get; set; } = compartment.Limits.MinCelsius;

        public double? GraceMinutes { get; set; } = compartment.Limits.GraceMinutes;

        public CompartmentLimitsView View => new(Channel, Capability, new LimitValues(MaxCelsius, MinCelsius, GraceMinutes));
    }
}
