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

// Pointer gestures of the temperature chart (Components/TemperatureChart): drag across the plot
// to zoom into that stretch, Shift-drag to pan. Only the outcome, as fractions of the plot's
// width, goes to the server, which fetches the new window; buttons and keys do the same without
// a pointer. The host element stays while the chart inside it is redrawn, so listen on the host.
window.fleetChart = {
    attach(host, chart) {
        const minimumFraction = 0.01;
        let drag = null;

        function fractionAt(svg, clientX) {
            const box = svg.getBoundingClientRect();
            const left = parseFloat(svg.dataset.plotLeft), right = parseFloat(svg.dataset.plotRight);
            const x = (clientX - box.left) / box.width;
            return Math.min(1, Math.max(0, (x - left) / (right - left)));
        }

        function showSelection(svg, from, to) {
            const selection = host.querySelector("[data-chart-selection]");
            if (!selection) {
                return;
            }
            const box = svg.getBoundingClientRect(), hostBox = host.getBoundingClientRect();
            const left = parseFloat(svg.dataset.plotLeft), right = parseFloat(svg.dataset.plotRight);
            const px = f => box.left - hostBox.left + (left + f * (right - left)) * box.width;
            selection.style.left = `${px(Math.min(from, to))}px`;
            selection.style.width = `${px(Math.max(from, to)) - px(Math.min(from, to))}px`;
            selection.style.top = `${box.top - hostBox.top}px`;
            selection.style.height = `${box.height}px`;
            selection.hidden = false;
        }

        function hideSelection() {
            const selection = host.querySelector("[data-chart-selection]");
            if (selection) {
                selection.hidden = true;
            }
        }

        host.addEventListener("pointerdown", event => {
            const svg = event.target.closest?.("svg[data-chart-plot]");
            if (!svg || event.button !== 0) {
                return;
            }
            drag = { svg, pan: event.shiftKey, from: fractionAt(svg, event.clientX) };
            svg.setPointerCapture(event.pointerId);
            event.preventDefault();
        });

        host.addEventListener("pointermove", event => {
            if (drag && !drag.pan) {
                showSelection(drag.svg, drag.from, fractionAt(drag.svg, event.clientX));
            }
        });

        host.addEventListener("pointerup", event => {
            if (!drag) {
                return;
            }
            const { svg, pan, from } = drag;
            const to = fractionAt(svg, event.clientX);
            drag = null;
            hideSelection();
            if (Math.abs(to - from) < minimumFraction) {
                return;
            }
            if (pan) {
                chart.invokeMethodAsync("PanByAsync", to - from);
            } else {
                chart.invokeMethodAsync("ZoomBetweenAsync", Math.min(from, to), Math.max(from, to));
            }
        });

        host.addEventListener("pointercancel", () => {
            drag = null;
            hideSelection();
        });
    },
};

window.fleet = {
    // Writes a page's filters into the address bar without navigating, so a reload keeps them.
    // Blazor's own history state is kept.
    rememberAddress(url) {
        history.replaceState(history.state, "", url);
    },

    // The alert beacon's tone for a new critical alert (Layout/AlertBeacon), made with Web Audio so
    // no sound file is needed. Off until the user turns it on; the choice is kept in this browser.
    // Browsers only let a page start sound after a press on it, so after a reload the tone waits
    // for the first click or key on the page.
    alertSound: (() => {
        const key = "fleet.alertSound";
        let context = null;

        function audio() {
            context ??= new AudioContext();
            if (context.state === "suspended") {
                context.resume().catch(() => { });
            }
            return context;
        }

        function chime() {
            const ctx = audio();
            const start = ctx.currentTime;
            for (const [offset, frequency] of [[0, 880], [0.25, 660]]) {
                const tone = ctx.createOscillator(), gain = ctx.createGain();
                tone.frequency.value = frequency;
                gain.gain.setValueAtTime(0.0001, start + offset);
                gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02);
                gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.2);
                tone.connect(gain).connect(ctx.destination);
                tone.start(start + offset);
                tone.stop(start + offset + 0.22);
            }
        }

        const isOn = () => localStorage.getItem(key) === "on";
        if (isOn()) {
            for (const type of ["pointerdown", "keydown"]) {
                addEventListener(type, audio, { once: true, capture: true });
            }
        }

        return {
            isOn,
            set(on) {
                localStorage.setItem(key, on ? "on" : "off");
                if (on) {
                    chime();
                }
                return isOn();
            },
            chime,
        };
    })(),
};
