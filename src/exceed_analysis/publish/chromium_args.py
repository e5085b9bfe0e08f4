"""The command-line flags of the headless Chromium that prints the reports (see
:mod:`exceed_analysis.publish.printing`)."""

from __future__ import annotations

__all__ = ["CHROMIUM_ARGS", "DISABLED_FEATURES", "OFFLINE_ARGS", "PLAYWRIGHT_DISABLED_FEATURES"]

PLAYWRIGHT_DISABLED_FEATURES: tuple[str, ...] = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
"""The features the locked Playwright disables with its own ``--disable-features``.
Chromium keeps only the last ``--disable-features`` switch, which is ours (Playwright puts
its caller's flags after its own): ours names them again, or they would be enabled. A test
reads the launched browser's command line and fails when Playwright disables one more."""

DISABLED_FEATURES: tuple[str, ...] = (
    *PLAYWRIGHT_DISABLED_FEATURES,
    # Headless Chromium is the whole browser without a window: it preloads the address
    # bar's pop-up (a WebUI page in a renderer of its own) that no print ever shows, 0.7 CPU
    # seconds per browser start
    "WebUIOmniboxPopup",
    "WebUIOmniboxAimPopup",
)
"""Chromium features turned off for printing."""

CHROMIUM_ARGS: list[str] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    f"--disable-features={','.join(DISABLED_FEATURES)}",
]
"""Command-line flags for headless Chromium."""

OFFLINE_ARGS: list[str] = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=direct://",
    "--proxy-bypass-list=*",
]
"""With these Chromium resolves no host name but loopback: a page cannot reach any host."""
