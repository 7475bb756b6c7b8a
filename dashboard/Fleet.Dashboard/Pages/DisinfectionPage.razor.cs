using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// The disinfection board (R4): each box in service, whether its last full disinfection still
/// counts and when it runs out, its latest cycle and its age. Reloaded every
/// <see cref="CouriersPage.ReloadEvery"/>, and re-rendered as time passes so a box turns unfit on
/// screen when its day runs out.
/// </summary>
public partial class DisinfectionPage : ComponentBase, IDisposable
{
    private IReadOnlyList<DisinfectionView>? boxes;
    private ITimer? timer;

    [Inject]
    private IFleetRegisters Registers { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive)
        {
            var reloads = new ReloadThrottle(Time, () => InvokeAsync(async () =>
            {
                boxes = await Registers.GetDisinfectionBoardAsync();
                StateHasChanged();
            }));
            timer = Time.CreateTimer(_ => reloads.Request(), null, CouriersPage.ReloadEvery, CouriersPage.ReloadEvery);
        }

        return LoadAsync();
    }

    private async Task LoadAsync() => boxes = await Registers.GetDisinfectionBoardAsync();

    /// <summary>Not fit first, then the soonest to run out.</summary>
    private IEnumerable<DisinfectionView> Ordered(DateTimeOffset now) =>
        boxes!.OrderBy(b => b.IsFitAt(now)).ThenBy(b => b.FitUntil ?? DateTimeOffset.MinValue).ThenBy(b => b.BoxId, StringComparer.Ordinal);

    public void Dispose()
    {
        timer?.Dispose();
        GC.SuppressFinalize(this);
    }
}
