using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Live;

/// <summary>
/// A page that reads its data with a query and reads it again when told it changed: once
/// interactive it subscribes, and each notification asks for a throttled reload that runs on the
/// renderer's context. No timers polling for changes.
/// </summary>
public abstract class ReloadingPage : ComponentBase, IDisposable
{
    private ReloadThrottle? reloads;
    private bool disposed;

    [Inject]
    protected TimeProvider Time { get; set; } = default!;

    /// <summary>True once the page listens for changes (not while it is prerendered).</summary>
    protected bool IsLive => reloads is not null;

    protected override Task OnInitializedAsync()
    {
        // Prerendering shows one snapshot and is thrown away: no point listening.
        if (RendererInfo.IsInteractive)
        {
            reloads = new ReloadThrottle(Time, () => InvokeAsync(async () =>
            {
                if (!disposed)
                {
                    await LoadAsync();
                    StateHasChanged();
                }
            }));
            Subscribe();
        }

        return LoadAsync();
    }

    /// <summary>Reads the page's data.</summary>
    protected abstract Task LoadAsync();

    /// <summary>Attaches the handlers that call <see cref="RequestReload"/>.</summary>
    protected abstract void Subscribe();

    /// <summary>Detaches what <see cref="Subscribe"/> attached.</summary>
    protected abstract void Unsubscribe();

    /// <summary>Asks for a throttled reload; callable from any thread. Does nothing before the page is live.</summary>
    protected void RequestReload() => reloads?.Request();

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
        if (reloads is not null)
        {
            Unsubscribe();
        }
    }
}
