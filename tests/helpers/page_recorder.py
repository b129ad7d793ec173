"""The network wall around a page under test, and the log of what the page did.

A :class:`PageRecorder` lets one page load its own ``file://`` URL (and
``data:`` / ``blob:`` URIs) and aborts and records every other request.  It
also records console errors, uncaught exceptions, dialogs (each dismissed) and
every script V8 compiles in the page's main world, as reported by the DevTools
``Debugger`` domain: the proof of whether any script from the document ran.
:class:`helpers.browser.BrowserSession` binds the tab's events to it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


class PageRecorder:
    """Collects network, console, dialog and script events for one page load.

    Args:
        own_path: The page's file, the only file it may load; ``None`` between
            checks, when nothing may load.
    """

    def __init__(self, own_path: Path | None) -> None:
        self.own_path = str(own_path) if own_path is not None else ""
        self.blocked: list[str] = []
        self.seen: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[tuple[str, str]] = []
        self.scripts: list[dict[str, Any]] = []
        self.recording_scripts = True

    def allowed(self, url: str) -> bool:
        """Whether ``url`` may load: the page's own file, ``data:`` or ``blob:``."""
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return (
            parts.scheme == "file"
            and parts.netloc in ("", "localhost")
            and not parts.query
            and unquote(parts.path) == self.own_path
        )

    def on_route(self, route: Any) -> None:
        url = route.request.url
        if self.allowed(url):
            route.continue_()
        else:
            self._block(url)
            route.abort("blockedbyclient")

    def _block(self, url: str) -> None:
        if url not in self.blocked:
            self.blocked.append(url)

    def on_websocket(self, ws: Any) -> None:
        # Not routable without injecting Playwright's WebSocket mock into the
        # page; the dead proxy in CHROMIUM_ARGS makes the connection fail.
        self._block(ws.url)

    def on_request(self, request: Any) -> None:
        self.seen.append(request.url)

    def on_console(self, msg: Any) -> None:
        if msg.type != "error":
            return
        source = (msg.location or {}).get("url", "")
        if "ERR_BLOCKED_BY_CLIENT" in msg.text and source in self.blocked:
            return  # our own blocking, already in blocked_requests
        self.console_errors.append(f"{msg.text} ({source})" if source else msg.text)

    def on_page_error(self, error: Any) -> None:
        self.page_errors.append(str(error))

    def on_dialog(self, dialog: Any) -> None:
        self.dialogs.append((dialog.type, dialog.message))
        with contextlib.suppress(Exception):  # the page may be closing
            dialog.dismiss()

    def on_script_parsed(self, event: dict[str, Any]) -> None:
        aux = event.get("executionContextAuxData") or {}
        if self.recording_scripts and aux.get("isDefault") and event.get("length", 0) > 0:
            self.scripts.append(event)

    def unrouted(self) -> list[str]:
        """Non-allowed requests the browser made that the router never saw."""
        return sorted({u for u in self.seen if not self.allowed(u)} - set(self.blocked))

    def describe_scripts(self, cdp: Any) -> list[str]:
        """One line per recorded script: where, its length and its first 80 characters.

        Args:
            cdp: The DevTools session of the page, to fetch each script's source.
        """
        lines = []
        for ev in self.scripts:
            try:
                src = cdp.send("Debugger.getScriptSource", {"scriptId": ev["scriptId"]})[
                    "scriptSource"
                ]
            except Exception:
                src = ""
            snippet = " ".join(src.split())[:80]
            where = ev.get("url") or "<eval>"
            lines.append(
                f"{where}:{ev.get('startLine', 0) + 1} ({ev.get('length')} chars) {snippet!r}"
            )
        return lines

    def events(self) -> dict[str, Any]:
        """What was recorded so far, as keyword arguments of a ``PageReport``."""
        return {
            "blocked_requests": list(self.blocked),
            "unrouted_requests": self.unrouted(),
            "console_errors": list(self.console_errors),
            "page_errors": list(self.page_errors),
            "dialogs": list(self.dialogs),
        }
