"""Where the browser tests find Chromium, and what they say when there is none.

Looked for in this order: the path in ``TRTREPORT_CHROMIUM``; ``chromium``,
``chromium-browser``, ``google-chrome`` and ``google-chrome-stable`` on ``PATH``; then the
usual install places of macOS and Windows. Playwright drives it with ``executable_path``
(never ``playwright install``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""Program names of Chromium and Chrome on ``PATH`` (Debian, Ubuntu's snap, Google's .deb)."""

PLACES = (
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
)
"""Where macOS and Windows installers put the browser (not on ``PATH``)."""

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
"""Flags for a headless run that makes no network request of its own."""

INSTALL_HINT = (
    "no Chromium found: install it (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew "
    "install --cask chromium; Windows: install Google Chrome) or set TRTREPORT_CHROMIUM to the "
    "browser's executable; also pip install playwright (never 'playwright install')"
)
"""The skip reason when :func:`find_chromium` finds nothing."""


def find_chromium() -> str | None:
    """The path of a Chromium or Chrome executable, or ``None``."""
    named = os.environ.get("TRTREPORT_CHROMIUM")
    if named:
        return named if Path(named).is_file() else shutil.which(named)
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in PLACES if Path(place).is_file()), None)
