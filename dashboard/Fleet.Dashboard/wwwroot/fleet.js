// A wall screen is left unattended all shift, so it must heal by itself: keep retrying when
// the server is unreachable, and reload when the server restarted and forgot this circuit.
// Blazor toggles components-reconnect-* classes on #components-reconnect-modal; watch those.
(() => {
    const banner = document.getElementById("components-reconnect-modal");
    if (!banner) {
        return;
    }

    const retryEveryMs = 5000;
    let retryTimer = 0;

    async function retry() {
        try {
            // true: reconnected; false: the server answered but no longer knows the circuit.
            if (!(await Blazor.reconnect())) {
                location.reload();
            }
        } catch {
            // Server still unreachable; the next tick tries again.
        }
    }

    function onStateChanged() {
        const classes = banner.classList;
        if (classes.contains("components-reconnect-rejected") || classes.contains("components-reconnect-resume-failed")) {
            location.reload();
        } else if (classes.contains("components-reconnect-failed")) {
            if (!retryTimer) {
                retryTimer = setInterval(retry, retryEveryMs);
            }
        } else if (retryTimer) {
            clearInterval(retryTimer);
            retryTimer = 0;
        }
    }

    new MutationObserver(onStateChanged).observe(banner, { attributes: true, attributeFilter: ["class"] });
    banner.querySelector("[data-reconnect]")?.addEventListener("click", retry);
})();
