using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// The disinfection board (R4): each box in service, whether its last full disinfection still
/// counts and when it runs out, its latest cycle and its age. Read again when the registers say a
/// box reported a cycle or a profile changed, and re-rendered the moment the next box runs out, so
/// it turns unfit on screen without anyone reloading.
/// </summary>
public partial class DisinfectionPage : ReloadingPage
{
    private IReadOnlyList<DisinfectionView>? boxes;
    private ITimer? nextRunOut;

    [Inject]
    private IFleetRegisters Registers { get; set; } = default!;

    protected override void Subscribe() => Registers.DisinfectionsChanged += RequestReload;

    protected override void Unsubscribe() => Registers.DisinfectionsChanged -= RequestReload;

    protected override async Task LoadAsync()
    {
        boxes = await Registers.GetDisinfectionBoardAsync();
        if (IsLive)
        {
            var now = Time.GetUtcNow();
            nextRunOut?.Dispose();
            nextRunOut = boxes.Where(b => b.FitUntil > now).Min(b => b.FitUntil) is { } soonest
                ? Time.CreateTimer(_ => RequestReload(), null, soonest - now, Timeout.InfiniteTimeSpan)
                : null;
        }
    }

    /// <summary>Not fit first, then the soonest to run out.</summary>
    private IEnumerable<DisinfectionView> Ordered(DateTimeOffset now) =>
        boxes!.OrderBy(b => b.IsFitAt(now)).ThenBy(b => b.FitUntil ?? DateTimeOffset.MinValue).ThenBy(b => b.BoxId, StringComparer.Ordinal);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        nextRunOut?.Dispose();
    }
}
