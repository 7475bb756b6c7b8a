using Fleet.Dashboard.Data;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Live;

/// <summary>
/// A page that shows a snapshot of the feed and, once interactive, keeps it current from the
/// feed's events. Events only record what changed; the renderer applies them in one batch per
/// throttled render, so page state is only ever touched on the renderer's context.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    private RenderThrottle? throttle;
    private bool disposed;

    [Inject]
    protected IFleetFeed Feed { get; set; } = default!;

    [Inject]
    protected TimeProvider Time { get; set; } = default!;

    /// <summary>True once the page listens to the feed (not while it is being prerendered).</summary>
    protected bool IsLive => throttle is not null;

    protected override void OnInitialized()
    {
        // Prerendering produces one static snapshot and is then thrown away: no point listening.
        if (RendererInfo.IsInteractive)
        {
            throttle = new RenderThrottle(Time, RenderPendingAsync);
            // Subscribe before reading the snapshot, so nothing falls between the two; events
            // queued meanwhile are newer than the snapshot and are applied on top of it.
            Subscribe();
        }

        LoadSnapshot();
    }

    /// <summary>Attaches the page's handlers to <see cref="Feed"/>.</summary>
    protected abstract void Subscribe();

    /// <summary>Detaches what <see cref="Subscribe"/> attached.</summary>
    protected abstract void Unsubscribe();

    /// <summary>Reads the feed's current state into the page.</summary>
    protected abstract void LoadSnapshot();

    /// <summary>Applies what the feed delivered since the last render; runs on the renderer's context.</summary>
    protected abstract void ApplyPending();

    /// <summary>Asks for a throttled render; callable from any thread.</summary>
    protected void RequestRender() => throttle?.Request();

    private async Task RenderPendingAsync()
    {
        try
        {
            await InvokeAsync(() =>
            {
                if (!disposed)
                {
                    ApplyPending();
                    StateHasChanged();
                }
            });
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between the tick and the render.
        }
        catch (Exception ex)
        {
            // Surface it like an exception from a lifecycle method, instead of losing it on a timer thread.
            await DispatchExceptionAsync(ex);
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposed || !disposing)
        {
            return;
        }

        disposed = true;
        if (throttle is not null)
        {
            Unsubscribe();
            throttle.Dispose();
        }
    }
}
