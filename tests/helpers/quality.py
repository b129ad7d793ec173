"""Reusable helpers for the quality gates of the exported report.

This module is imported by test modules; it is not a test module itself (pytest
only collects ``test_*.py``).  It wraps five external checkers:

* **Browser** (:class:`BrowserSession`, :func:`inspect_page`, :func:`run_axe`):
  Debian's headless ``chromium`` driven by Playwright's sync API, with *all*
  network blocked.  Every request except the page's own ``file://`` URL is
  aborted and recorded, and a DevTools ``Debugger`` session records every script
  V8 compiles in the page, which proves whether any script (inline, event
  handler, ``javascript:`` URL, ``eval``) ran.  The only ``<script>`` a page may
  carry is an inert ``type="application/ld+json"`` data block holding valid
  JSON.  The layout is measured at the viewport width asked for (page width,
  elements sticking out of it, figure images against the text column), in light
  or dark colour scheme.  axe-core is injected from the npm directory for
  accessibility checks.
* **HTML validation** (:func:`run_vnu`): the Nu Html Checker jar, one JVM for
  all files.
* **PDF** (:func:`pdf_fonts`, :func:`pdf_text`, :func:`pdf_outline_titles`,
  :func:`pdf_link_uris`, :func:`pdf_page_count`, :func:`pdf_page_size_mm`,
  :func:`pdf_metadata`): poppler-utils and pypdf.
* **Privacy** (:func:`find_private_strings`, :func:`default_private_needles`):
  byte search for absolute paths, user and host names in exported files,
  including compressed PDF streams and zip members.

Nothing here ever downloads anything: the browser is the system chromium
(``playwright install`` is never needed) and the npm tools come from
``make npm-tools``.  A missing tool raises :class:`FileNotFoundError`, so
tests that depend on it fail instead of being skipped.

Paths can be overridden with environment variables: ``RUNREPORT_CHROMIUM``,
``RUNREPORT_NPM_DIR``, ``RUNREPORT_AXE_JS``, ``RUNREPORT_VNU_JAR`` and
``RUNREPORT_JAVA``.

Typical use in a ``conftest.py``::

    @pytest.fixture(scope="session")
    def browser():
        with BrowserSession() as session:
            yield session

    def test_report_page(browser, built_report):
        report = browser.inspect_page(built_report / "report.html", with_axe=True)
        assert report.ok, report.problems()
"""

from __future__ import annotations

import contextlib
import getpass
import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = [
    "AXE_JS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "DEFAULT_AXE_TAGS",
    "JSON_LD_TYPE",
    "NPM_DIR",
    "REPO_ROOT",
    "VNU_JAR",
    "BrowserSession",
    "PageReport",
    "default_private_needles",
    "find_private_strings",
    "inspect_page",
    "normalize_text",
    "parse_pdffonts",
    "pdf_fonts",
    "pdf_link_uris",
    "pdf_metadata",
    "pdf_outline_titles",
    "pdf_page_count",
    "pdf_page_size_mm",
    "pdf_text",
    "record_axe_incomplete",
    "run_axe",
    "run_vnu",
]

#: Root of the repository (the parent of ``tests/``).
REPO_ROOT = Path(__file__).resolve().parents[2]
#: Where ``make npm-tools`` installs axe-core and vnu-jar.
NPM_DIR = Path(os.environ.get("RUNREPORT_NPM_DIR", REPO_ROOT / ".venv" / "npm"))
#: axe-core's browser bundle.
AXE_JS = Path(
    os.environ.get("RUNREPORT_AXE_JS", NPM_DIR / "node_modules" / "axe-core" / "axe.min.js")
)
#: The Nu Html Checker.
VNU_JAR = Path(
    os.environ.get(
        "RUNREPORT_VNU_JAR", NPM_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    )
)
#: Debian's chromium (never a Playwright-downloaded browser).
CHROMIUM = Path(
    os.environ.get("RUNREPORT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)

#: Flags for a quiet, offline, root-friendly headless chromium.  The host
#: resolver rule (every DNS lookup fails) and the dead proxy (discard port, also
#: for loopback) are a second wall behind request routing, for traffic that
#: Playwright does not route: WebSockets, ``<link rel=preconnect>``.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-pings",
    "--mute-audio",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)

#: axe-core rule tags run by default: WCAG 2.0/2.1 A and AA plus best practices.
DEFAULT_AXE_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")

_VIEWPORT = {"width": 1280, "height": 900}
#: How long emptying the tab between checks may take before the tab is replaced.
_BLANK_TIMEOUT_MS = 2_000
#: The one kind of <script> a page may carry: an inert JSON-LD data block (exact type).
JSON_LD_TYPE = "application/ld+json"


def _quietly(func: Any, *args: Any) -> None:
    """Call ``func(*args)``, ignoring errors (for best-effort event handlers)."""
    with contextlib.suppress(Exception):
        func(*args)


def _require(path: Path, what: str, hint: str) -> Path:
    """Return ``path`` if it exists, else raise a helpful FileNotFoundError."""
    if not path.exists():
        raise FileNotFoundError(f"{what} not found at {path}; {hint}")
    return path


# --------------------------------------------------------------------------- #
# Browser
# --------------------------------------------------------------------------- #


@dataclass
class PageReport:
    """What happened when a page was opened in the offline browser.

    Attributes:
        url: The ``file://`` URL that was opened.
        title: ``document.title`` right after the ``load`` event.
        blocked_requests: Unique URLs (first-seen order) of every request that
            was aborted: anything but the page's own file (other ``file://``
            URLs included) and ``data:`` / ``blob:`` URIs.  WebSocket URLs are
            listed here too.  Unique because the checks themselves may repeat a
            request (``img.decode()`` on a broken image, axe re-reading CSS).
        unrouted_requests: Requests the browser reported that never reached the
            router (should always be empty; a non-empty list means a leak path).
        console_errors: ``console.error`` messages and browser errors, minus the
            "Failed to load resource" noise caused by our own blocking.
        page_errors: Uncaught exceptions thrown by page scripts.
        dialogs: ``(type, message)`` of every alert/confirm/prompt/beforeunload,
            each dismissed.
        scripts_run: One line per script V8 compiled in the page's main world
            (inline ``<script>``, event handler attribute, ``eval``...).  Empty
            proves that no script from the document ran.
        script_markup: Scripting constructs present in the loaded DOM: ``<script>``
            elements (with their type), ``on*`` attributes, ``javascript:`` URLs,
            ``<iframe srcdoc>``, ``<object>``/``<embed>``.
        dom_changed: Whether the live DOM differs from the source file parsed by
            ``DOMParser`` (scripting disabled); ``<noscript>`` is ignored.
        dom_change_excerpt: Both versions around the first difference, or ``""``.
        images: ``(alt, naturalWidth)`` per ``<img>`` after load and decode
            (lazy images are forced to load).  ``alt`` is ``None`` when missing.
        screenshot: The full-page PNG written, if one was requested.
        axe_violations: axe-core violations when requested (see :func:`run_axe`).
        axe_incomplete: What axe-core could not decide and a person should look at
            (e.g. contrast over an image), when requested; reported, not failed.
        json_ld: The parsed content of each ``application/ld+json`` block
            (``None`` for a block that is not valid JSON).
        viewport_width: ``window.innerWidth`` of the page.
        page_width: ``document.documentElement.scrollWidth``: wider than the
            viewport means the whole page scrolls sideways.
        overflowing: Elements whose box sticks out of the page on the left or
            right (``tag#id.class [left, right]``), unless an ancestor that
            fits the page clips or scrolls them.
        figure_images: ``(figure id, image width, text column width)`` in CSS
            px for every ``<figure>`` image.
        navigated_away: The page left itself while it was being examined
            (meta refresh, script); the readings after that are empty.
    """

    url: str
    title: str
    blocked_requests: list[str] = field(default_factory=list)
    unrouted_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[tuple[str, str]] = field(default_factory=list)
    scripts_run: list[str] = field(default_factory=list)
    script_markup: list[str] = field(default_factory=list)
    dom_changed: bool = False
    dom_change_excerpt: str = ""
    images: list[tuple[str | None, int]] = field(default_factory=list)
    screenshot: Path | None = None
    axe_violations: list[dict[str, Any]] | None = None
    axe_incomplete: list[dict[str, Any]] | None = None
    json_ld: list[Any] = field(default_factory=list)
    viewport_width: int = 0
    page_width: int = 0
    overflowing: list[str] = field(default_factory=list)
    figure_images: list[tuple[str, float, float]] = field(default_factory=list)
    navigated_away: bool = False

    @property
    def broken_images(self) -> list[str | None]:
        """Alt texts of images whose ``naturalWidth`` is 0 (failed to load or decode)."""
        return [alt for alt, width in self.images if width <= 0]

    @property
    def foreign_script_markup(self) -> list[str]:
        """Scripting constructs other than inline ``application/ld+json`` data blocks."""
        return [m for m in self.script_markup if not _is_json_ld_markup(m)]

    def problems(self) -> list[str]:
        """Human-readable list of everything that makes the page fail the gate.

        Any script that *ran* is a problem, and so is any scripting markup
        except an inline ``<script type="application/ld+json">`` data block
        (exactly that type, no ``src``) whose content is valid JSON.  The page
        must not be wider than the viewport, nor may any element stick out.

        Returns:
            One line per problem; empty when the page is clean.
        """
        out = [f"blocked request: {u}" for u in self.blocked_requests]
        out += [f"unrouted request: {u}" for u in self.unrouted_requests]
        out += [f"console error: {m}" for m in self.console_errors]
        out += [f"page error: {m}" for m in self.page_errors]
        out += [f"dialog {kind}: {msg!r}" for kind, msg in self.dialogs]
        out += [f"script ran: {s}" for s in self.scripts_run]
        out += [f"script markup: {m}" for m in self.foreign_script_markup]
        out += ["JSON-LD block is not valid JSON" for data in self.json_ld if data is None]
        if self.page_width > self.viewport_width:
            out.append(f"page is {self.page_width} px wide in a {self.viewport_width} px viewport")
        out += [f"element overflows the page: {e}" for e in self.overflowing]
        if self.navigated_away:
            out.append("the page navigated away after load")
        if self.dom_changed:
            out.append(f"DOM changed after load: {self.dom_change_excerpt}")
        out += [f"broken image: alt={alt!r}" for alt in self.broken_images]
        for v in self.axe_violations or []:
            out.append(f"axe {v['impact']} {v['id']}: {v['help']} at {v['nodes'][:3]}")
        return out

    @property
    def ok(self) -> bool:
        """True when :meth:`problems` is empty."""
        return not self.problems()


def _is_json_ld_markup(line: str) -> bool:
    """Whether a :data:`_JS_SCRIPT_MARKUP` line is an inline JSON-LD data block."""
    return (
        re.fullmatch(rf"script inline \d+ chars type={re.escape(JSON_LD_TYPE)}", line) is not None
    )


def _parse_json_ld(texts: list[str]) -> list[Any]:
    out: list[Any] = []
    for text in texts:
        try:
            out.append(json.loads(text))
        except json.JSONDecodeError:
            out.append(None)
    return out


class _Recorder:
    """Collects network, console, dialog and script events for one page load."""

    def __init__(self, own_path: Path | None) -> None:
        self.own_path = (
            str(own_path) if own_path is not None else ""
        )  # None: between checks, nothing loads
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


_JS_SCRIPT_MARKUP = r"""() => {
  const out = [];
  for (const s of document.querySelectorAll('script')) {
    const type = s.getAttribute('type') || 'text/javascript';
    out.push(s.hasAttribute('src') ? `script[src=${s.getAttribute('src')}] type=${type}`
                                   : `script inline ${s.textContent.length} chars type=${type}`);
  }
  const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster']);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) out.push(`${el.localName}[${a.name}]`);
      else if (urlAttrs.has(a.name) && /^\s*javascript:/i.test(a.value))
        out.push(`${el.localName}[${a.name}=javascript:]`);
    }
  }
  for (const el of document.querySelectorAll('iframe[srcdoc], object, embed')) out.push(el.localName);
  return out;
}"""

_JS_DOM_DIFF = r"""(src) => {
  const norm = (doc) => {
    const root = doc.documentElement.cloneNode(true);
    root.querySelectorAll('noscript').forEach((n) => n.remove());
    return root.outerHTML;
  };
  const live = norm(document);
  const parsed = norm(new DOMParser().parseFromString(src, 'text/html'));
  if (live === parsed) return '';
  let i = 0;
  while (i < live.length && live[i] === parsed[i]) i++;
  const a = Math.max(0, i - 60);
  return `source: ${JSON.stringify(parsed.slice(a, i + 80))} live: ${JSON.stringify(live.slice(a, i + 80))}`;
}"""

_JS_IMAGES = r"""async (timeoutMs) => {
  const imgs = [...document.images];
  for (const img of imgs) if (img.loading === 'lazy') img.loading = 'eager';
  const settled = (img) => img.complete ? Promise.resolve() : new Promise((resolve) => {
    img.addEventListener('load', resolve, {once: true});
    img.addEventListener('error', resolve, {once: true});
  });
  const timeout = new Promise((resolve) => setTimeout(resolve, timeoutMs));
  await Promise.race([Promise.all(imgs.map(settled)), timeout]);
  await Promise.race([Promise.allSettled(imgs.map((img) => img.decode())), timeout]);
  if (document.fonts) await Promise.race([document.fonts.ready, timeout]);
  return imgs.map((img) => [img.getAttribute('alt'), img.naturalWidth]);
}"""

_JS_JSON_LD = r"""(type) => [...document.querySelectorAll('script')]
  .filter((s) => s.getAttribute('type') === type && !s.hasAttribute('src'))
  .map((s) => s.textContent)"""

# Page width, elements sticking out of it (unless clipped or scrolled by an ancestor that
# itself fits), and each figure image against the text column (the content box of <main>).
_JS_LAYOUT = r"""() => {
  const W = document.documentElement.clientWidth;
  const fits = (r) => r.left >= -0.5 && r.right <= W + 0.5;
  const clippedByFittingAncestor = (el) => {
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible' && fits(p.getBoundingClientRect())) return true;
    }
    return false;
  };
  const name = (el) => el.localName + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const overflowing = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if ((r.width === 0 && r.height === 0) || fits(r) || clippedByFittingAncestor(el)) continue;
    overflowing.push(`${name(el)} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
  }
  const main = document.querySelector('main') || document.body;
  const cs = getComputedStyle(main);
  const column = main.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  const figures = [...document.querySelectorAll('figure img')].map((img) =>
    [img.closest('figure').id || '', img.getBoundingClientRect().width, column]);
  return {viewport: window.innerWidth, page: document.documentElement.scrollWidth,
          overflowing, figures};
}"""

_JS_AXE_RUN = r"""async (options) => {
  const result = await window.axe.run(document, options);
  const plain = (list) => list.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
    nodes: v.nodes.map((n) => n.target.map(String).join(' ')),
  }));
  return {violations: plain(result.violations), incomplete: plain(result.incomplete || [])};
}"""


class BrowserSession:
    """One headless Debian chromium, reused for many offline page checks.

    The browser starts once, and so does its one tab: each check closes any
    page the last one opened, navigates the tab to ``about:blank``, clears the
    storage and cookies of ``file://`` pages, sets its own viewport and media
    features, then loads its page with a fresh recorder. A page cannot
    influence the next one: its pop-ups are closed, its document, timers and
    scripts go with the navigation, what it stored is cleared; a tab that
    failed a check (a timeout, a crash), or that cannot be emptied after one
    (a page still looping), is closed with its context and a new one opened. A new tab per check would cost a renderer
    process each, about 0.5 CPU-s, most of a check on a small page.  Use it as
    a context manager, e.g. in a session-scoped pytest fixture::

        @pytest.fixture(scope="session")
        def browser():
            with BrowserSession() as session:
                yield session

    Args:
        executable: Chromium binary; defaults to :data:`CHROMIUM`.
        args: Command-line flags; defaults to :data:`CHROMIUM_ARGS`.
        timeout_ms: Default timeout for navigation and evaluation.
        settle_ms: Extra wait after ``load`` so timers and late handlers run
            (and get recorded) before the page is examined.

    Raises:
        FileNotFoundError: On entering, if chromium is not installed.
    """

    def __init__(
        self,
        executable: Path | str | None = None,
        *,
        args: Sequence[str] = CHROMIUM_ARGS,
        timeout_ms: float = 30_000,
        settle_ms: float = 200,
    ) -> None:
        self.executable = Path(executable) if executable else CHROMIUM
        self.args = list(args)
        self.timeout_ms = timeout_ms
        self.settle_ms = settle_ms
        self._playwright: Any = None
        self._browser: Any = None
        self._tab: tuple[Any, Any, Any] | None = (
            None  # (context, page, CDP session), opened on first use
        )
        self._rec = _Recorder(
            None
        )  # the recorder of the check in progress (an idle one between checks)

    def __enter__(self) -> BrowserSession:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        """Launch chromium (idempotent).

        Raises:
            FileNotFoundError: If the chromium binary is missing.
        """
        if self._browser is not None:
            return
        _require(
            self.executable,
            "chromium",
            "install Debian's chromium (make system-test); never `playwright install`",
        )
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=str(self.executable),
                args=self.args,
                headless=True,
                timeout=self.timeout_ms,
            )
        except BaseException:
            self._playwright.stop()
            self._playwright = None
            raise

    def close(self) -> None:
        """Close the browser and stop Playwright (idempotent)."""
        self._tab = None
        if self._browser is not None:
            try:
                self._browser.close()
            finally:
                self._browser = None
        if self._playwright is not None:
            try:
                self._playwright.stop()
            finally:
                self._playwright = None

    # -- internals ---------------------------------------------------------- #

    def _open_tab(self) -> tuple[Any, Any, Any]:
        """The session's tab: (context, page, CDP session), its listeners bound to the current recorder."""
        if self._tab is not None:
            return self._tab
        if self._browser is None:
            self.start()
        ctx = self._browser.new_context(
            viewport=_VIEWPORT,
            device_scale_factor=1,
            locale="en-US",
            timezone_id="UTC",
        )
        try:
            ctx.set_default_timeout(self.timeout_ms)
            # Bound late: every event goes to the recorder of the check in progress.
            ctx.route("**/*", lambda route: self._rec.on_route(route))
            ctx.on("request", lambda request: self._rec.on_request(request))
            page = ctx.new_page()
            page.on("websocket", lambda ws: self._rec.on_websocket(ws))
            page.on("console", lambda msg: self._rec.on_console(msg))
            page.on("pageerror", lambda error: self._rec.on_page_error(error))
            page.on("dialog", lambda dialog: self._rec.on_dialog(dialog))
            cdp = ctx.new_cdp_session(page)
            cdp.on("Debugger.scriptParsed", lambda event: self._rec.on_script_parsed(event))
            # Never let a `debugger;` statement in hostile content freeze the page.
            cdp.on("Debugger.paused", lambda _event: _quietly(cdp.send, "Debugger.resume"))
            cdp.send("Debugger.enable")
            cdp.send("Debugger.setSkipAllPauses", {"skip": True})
        except BaseException:
            ctx.close()
            raise
        self._tab = (ctx, page, cdp)
        return self._tab

    def _close_tab(self) -> None:
        tab, self._tab = self._tab, None
        if tab is not None:
            _quietly(tab[0].close)

    def _blank_tab(
        self, width: int | None, color_scheme: str, reduced_motion: str
    ) -> tuple[Any, Any, Any]:
        """The tab, emptied and set up for the next check.

        Pages the last one opened are closed, the tab goes to ``about:blank`` (its document, timers and
        scripts go with it), the storage and cookies of ``file://`` pages are cleared. A tab that cannot be
        emptied (a page still running a loop, a renderer that died after its check) is closed and a new one
        opened, so the next check never pays for the last page.
        """
        for attempt in (1, 2):
            ctx, page, cdp = self._open_tab()
            try:
                self._rec = _Recorder(None)
                for other in ctx.pages:
                    if other is not page:  # a pop-up the last page opened
                        other.close()
                page.goto("about:blank", timeout=_BLANK_TIMEOUT_MS)
                cdp.send("Storage.clearDataForOrigin", {"origin": "file://", "storageTypes": "all"})
                ctx.clear_cookies()
                page.set_viewport_size(dict(_VIEWPORT, width=width) if width else _VIEWPORT)
                page.emulate_media(color_scheme=color_scheme, reduced_motion=reduced_motion)
                return ctx, page, cdp
            except Exception:
                self._close_tab()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    @contextlib.contextmanager
    def _check(
        self,
        html_path: Path,
        *,
        width: int | None = None,
        color_scheme: str = "light",
        reduced_motion: str = "reduce",
    ) -> Iterator[tuple[Any, Any, _Recorder, str]]:
        """The tab, blank and set up for one check of *html_path*: (page, CDP session, recorder, URL).

        The page is not loaded yet: the caller navigates to the URL. A check that raises closes the tab.
        """
        path = Path(html_path).resolve()
        _require(path, "HTML file", "build it first")
        _ctx, page, cdp = self._blank_tab(width, color_scheme, reduced_motion)
        try:
            rec = _Recorder(path)
            self._rec = rec
            yield page, cdp, rec, path.as_uri()
        except BaseException:
            self._close_tab()
            raise
        finally:
            self._rec = _Recorder(None)

    @staticmethod
    def _describe_scripts(cdp: Any, rec: _Recorder) -> list[str]:
        lines = []
        for ev in rec.scripts:
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

    @staticmethod
    def _inject_axe(page: Any) -> None:
        source = _require(AXE_JS, "axe-core", "run `make npm-tools`").read_text(encoding="utf-8")
        # Evaluated through DevTools, so a page's Content-Security-Policy cannot
        # block it; `define`/`module` are shadowed so a page's AMD loader
        # (require.js) cannot capture axe instead of window.axe.
        page.evaluate(
            "(function (define, module, exports) {\n"
            + source
            + "\n}).call(window, undefined, undefined, undefined); typeof window.axe"
        )
        if page.evaluate("typeof window.axe?.run") != "function":
            raise RuntimeError("axe-core did not load into the page")

    @staticmethod
    def _axe_options(tags: Sequence[str] | None) -> dict[str, Any]:
        options: dict[str, Any] = {"resultTypes": ["violations", "incomplete"]}
        if tags:
            options["runOnly"] = {"type": "tag", "values": list(tags)}
        return options

    # -- public API --------------------------------------------------------- #

    def inspect_page(
        self,
        html_path: Path,
        screenshot: Path | None = None,
        *,
        with_axe: bool = False,
        axe_tags: Sequence[str] | None = DEFAULT_AXE_TAGS,
        width: int | None = None,
        color_scheme: str = "light",
        reduced_motion: str = "reduce",
    ) -> PageReport:
        """Open a local HTML file offline and report what the page did.

        Args:
            html_path: The HTML file to open (as ``file://``).
            screenshot: If given, a full-page PNG is written there.
            with_axe: Also run axe-core on the same page load (after all other
                checks, so axe's own script does not count as a page script).
            axe_tags: Rule tags for axe; ``None`` runs axe's default rule set.
            width: Viewport width in CSS px (default 1280; height 900).
            color_scheme: ``"light"`` or ``"dark"`` (``prefers-color-scheme``).
            reduced_motion: ``"reduce"`` or ``"no-preference"``.

        Returns:
            A :class:`PageReport`; ``report.ok`` / ``report.problems()`` sum it up.
        """
        with self._check(
            html_path, width=width, color_scheme=color_scheme, reduced_motion=reduced_motion
        ) as (page, cdp, rec, url):
            page.goto(url, wait_until="load")
            title = page.title()
            page.wait_for_timeout(self.settle_ms)
            # From here on, scripts are ours (evaluate), not the document's.
            rec.recording_scripts = False
            scripts_run = self._describe_scripts(cdp, rec)
            navigated: list[bool] = []

            def read(expression: str, arg: Any = None, default: Any = None) -> Any:
                # A page that navigates itself after load (meta refresh, script) destroys the
                # context we read from: record that (a problem) instead of crashing the check.
                try:
                    return page.evaluate(expression, arg)
                except Exception as exc:
                    if "context was destroyed" not in str(exc):
                        raise
                    navigated.append(True)
                    return default

            markup = read(_JS_SCRIPT_MARKUP, default=[])
            charset = read("document.characterSet") or "utf-8"
            raw = Path(html_path).read_bytes()
            try:
                source = raw.decode(charset, errors="replace")
            except LookupError:
                source = raw.decode("utf-8", errors="replace")
            excerpt = read(_JS_DOM_DIFF, source, default="")
            images = [(alt, int(w)) for alt, w in read(_JS_IMAGES, self.timeout_ms / 2, default=[])]
            json_ld = _parse_json_ld(read(_JS_JSON_LD, JSON_LD_TYPE, default=[]))
            layout = read(
                _JS_LAYOUT, default={"viewport": 0, "page": 0, "overflowing": [], "figures": []}
            )
            shot = None
            if screenshot is not None:
                shot = Path(screenshot)
                shot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shot), full_page=True, animations="disabled")
            violations = incomplete = None
            if with_axe:
                self._inject_axe(page)
                axe = page.evaluate(_JS_AXE_RUN, self._axe_options(axe_tags))
                violations, incomplete = axe["violations"], axe["incomplete"]
            return PageReport(
                url=url,
                title=title,
                blocked_requests=list(rec.blocked),
                unrouted_requests=rec.unrouted(),
                console_errors=list(rec.console_errors),
                page_errors=list(rec.page_errors),
                dialogs=list(rec.dialogs),
                scripts_run=scripts_run,
                script_markup=markup,
                dom_changed=bool(excerpt),
                dom_change_excerpt=excerpt,
                images=images,
                screenshot=shot,
                axe_violations=violations,
                axe_incomplete=incomplete,
                json_ld=json_ld,
                viewport_width=int(layout["viewport"]),
                page_width=int(layout["page"]),
                overflowing=list(layout["overflowing"]),
                figure_images=[(key, float(w), float(c)) for key, w, c in layout["figures"]],
                navigated_away=bool(navigated),
            )

    def evaluate(
        self,
        html_path: Path,
        expression: str,
        arg: Any = None,
        *,
        width: int | None = None,
        color_scheme: str = "light",
        reduced_motion: str = "reduce",
        screenshot: Path | None = None,
        full_page: bool = True,
    ) -> Any:
        """Open a local HTML file offline and return a JavaScript expression's value.

        For measurements the :class:`PageReport` does not carry (computed
        styles, element boxes).  The network is blocked as in
        :meth:`inspect_page`.

        Args:
            html_path: The HTML file to open.
            expression: A JavaScript function or expression (Playwright's
                ``page.evaluate``), called with *arg*.
            arg: Its argument (JSON-serialisable).
            width: Viewport width in CSS px (default 1280).
            color_scheme: ``"light"`` or ``"dark"``.
            reduced_motion: ``"reduce"`` or ``"no-preference"``.
            screenshot: Where to save a PNG taken after the evaluation, if anywhere.
            full_page: The whole page in the screenshot (else the viewport only, a fraction of the cost).

        Returns:
            The value, as Playwright returns it.
        """
        with self._check(
            html_path, width=width, color_scheme=color_scheme, reduced_motion=reduced_motion
        ) as (page, _cdp, _rec, url):
            page.goto(url, wait_until="load")
            value = page.evaluate(expression, arg)
            if screenshot is not None:
                Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot), full_page=full_page)
            return value

    def accessibility_tree(
        self, html_path: Path, *, width: int | None = None
    ) -> list[tuple[str, str]]:
        """The page's accessibility tree as chromium exposes it to assistive technology.

        Args:
            html_path: The HTML file to open.
            width: Viewport width in CSS px (default 1280).

        Returns:
            ``(role, name)`` of every node that is not ignored, in tree
            order, leaving out ``InlineTextBox`` nodes (one per wrapped line,
            so they depend on the width, not on the structure).
        """
        with self._check(html_path, width=width) as (page, cdp, _rec, url):
            page.goto(url, wait_until="load")
            cdp.send("Accessibility.enable")
            try:
                nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
            finally:
                _quietly(
                    cdp.send, "Accessibility.disable"
                )  # the next checks need no accessibility tree
        by_id = {node["nodeId"]: node for node in nodes}
        out: list[tuple[str, str]] = []
        stack = [nodes[0]["nodeId"]] if nodes else []
        while stack:  # depth first, children in document order: the reading order
            node = by_id.get(stack.pop())
            if node is None:
                continue
            role = node.get("role", {}).get("value", "")
            if not node.get("ignored") and role != "InlineTextBox":
                out.append((role, str(node.get("name", {}).get("value", ""))))
            stack.extend(reversed(node.get("childIds", [])))
        return out

    def run_axe(
        self,
        html_path: Path,
        *,
        tags: Sequence[str] | None = DEFAULT_AXE_TAGS,
        width: int | None = None,
        color_scheme: str = "light",
    ) -> list[dict[str, Any]]:
        """Run axe-core on a local HTML file (network blocked).

        Args:
            html_path: The HTML file to check.
            tags: axe rule tags to run (default :data:`DEFAULT_AXE_TAGS`);
                ``None`` runs axe's default rule set.
            width: Viewport width in CSS px (default 1280).
            color_scheme: ``"light"`` or ``"dark"``.

        Returns:
            One dict per violated rule: ``id``, ``impact``, ``help``,
            ``helpUrl``, ``tags`` and ``nodes`` (CSS selectors of the offenders).

        Raises:
            FileNotFoundError: If ``axe.min.js`` is missing (run ``make npm-tools``).
        """
        _require(AXE_JS, "axe-core", "run `make npm-tools`")
        with self._check(html_path, width=width, color_scheme=color_scheme) as (
            page,
            _cdp,
            _rec,
            url,
        ):
            page.goto(url, wait_until="load")
            self._inject_axe(page)
            return page.evaluate(_JS_AXE_RUN, self._axe_options(tags))["violations"]


def inspect_page(
    html_path: Path,
    screenshot: Path | None = None,
    *,
    session: BrowserSession | None = None,
    **kwargs: Any,
) -> PageReport:
    """Open ``html_path`` offline in headless chromium and report what happened.

    Convenience wrapper around :meth:`BrowserSession.inspect_page`; pass a
    ``session`` to avoid launching a browser per call.

    Args:
        html_path: The HTML file to open.
        screenshot: Optional path of a full-page PNG screenshot.
        session: A running :class:`BrowserSession`; a temporary one otherwise.
        **kwargs: Passed on (``with_axe``, ``axe_tags``).

    Returns:
        The :class:`PageReport`.
    """
    if session is not None:
        return session.inspect_page(html_path, screenshot, **kwargs)
    with BrowserSession() as tmp:
        return tmp.inspect_page(html_path, screenshot, **kwargs)


def record_axe_incomplete(folder: Path, label: str, report: PageReport) -> list[str]:
    """Write what axe left for a person to check on one page to ``folder/<label>.json``; return one line per rule.

    axe's "incomplete" results are not failures (axe could not decide, e.g. contrast of text over an
    image), so the gate reports them instead: the test session prints them in its summary.
    """
    lines = [
        f"{label}: {v['id']} ({v['help']}) at {', '.join(v['nodes'][:3])}"
        for v in report.axe_incomplete or []
    ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{label}.json").write_text(json.dumps(lines, indent=1) + "\n", encoding="utf-8")
    return lines


def run_axe(
    html_path: Path,
    *,
    session: BrowserSession | None = None,
    tags: Sequence[str] | None = DEFAULT_AXE_TAGS,
) -> list[dict[str, Any]]:
    """Run axe-core on ``html_path``; see :meth:`BrowserSession.run_axe`.

    Args:
        html_path: The HTML file to check.
        session: A running :class:`BrowserSession`; a temporary one otherwise.
        tags: axe rule tags; ``None`` for axe's default rule set.

    Returns:
        The violations as a list of dicts.
    """
    if session is not None:
        return session.run_axe(html_path, tags=tags)
    with BrowserSession() as tmp:
        return tmp.run_axe(html_path, tags=tags)


# --------------------------------------------------------------------------- #
# HTML validation (Nu Html Checker)
# --------------------------------------------------------------------------- #


def run_vnu(
    paths: Sequence[Path],
    *,
    jar: Path | None = None,
    errors_only: bool = True,
    timeout: float = 600,
) -> list[dict[str, Any]]:
    """Validate files with the Nu Html Checker in a single JVM.

    ``.css`` and ``.svg`` files are checked too when present (``--also-check-css``
    / ``--also-check-svg``).  vnu writes its JSON report to *stderr*.

    Args:
        paths: Files to check (HTML, and optionally CSS/SVG).
        jar: ``vnu.jar``; defaults to :data:`VNU_JAR`.
        errors_only: Drop warnings and info messages.
        timeout: Seconds before the JVM is killed.

    Returns:
        One dict per message: ``file`` (the path as given), ``line``, ``column``
        (1-based, ``None`` when vnu gives no position), ``type``, ``message``
        and ``extract``.  Empty means valid.

    Raises:
        FileNotFoundError: If java or the jar is missing.
        RuntimeError: If vnu could not read a file or produced no JSON.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        return []
    jar = _require(Path(jar) if jar else VNU_JAR, "vnu.jar", "run `make npm-tools`")
    java = os.environ.get("RUNREPORT_JAVA") or shutil.which("java")
    if not java:
        raise FileNotFoundError("java not found; install default-jre-headless (make system-test)")
    for p in paths:
        _require(p, "file to validate", "build it first")
    cmd = [java, "-Xss4m", "-jar", str(jar), "--format", "json", "--exit-zero-always"]
    if errors_only:
        cmd.append("--errors-only")
    if any(p.suffix.lower() == ".css" for p in paths):
        cmd.append("--also-check-css")
    if any(p.suffix.lower() == ".svg" for p in paths):
        cmd.append("--also-check-svg")
    cmd += ["--", *(str(p) for p in paths)]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    report = _extract_vnu_json(proc.stderr) or _extract_vnu_json(proc.stdout)
    if report is None:
        raise RuntimeError(
            f"vnu produced no JSON (exit {proc.returncode}):\n{proc.stderr[-2000:]}{proc.stdout[-2000:]}"
        )
    by_path = {str(p.resolve()): str(p) for p in paths}
    out = []
    for msg in report.get("messages", []):
        kind = msg.get("type")
        if kind == "non-document-error":
            raise RuntimeError(f"vnu could not check {msg.get('url')}: {msg.get('message')}")
        if errors_only and kind != "error":
            continue
        file = _vnu_url_to_path(msg.get("url", ""))
        line = msg.get("lastLine", msg.get("firstLine"))
        out.append(
            {
                "file": by_path.get(file, file),
                "line": line,
                "column": msg.get("firstColumn", msg.get("lastColumn")),
                "type": kind if not msg.get("subType") else f"{kind}/{msg['subType']}",
                "message": msg.get("message", ""),
                "extract": msg.get("extract", ""),
            }
        )
    return out


def _extract_vnu_json(text: str) -> dict[str, Any] | None:
    """Find vnu's ``{"messages": ...}`` object in text that may hold JVM warnings."""
    start = text.find('{"messages"')
    if start < 0:
        return None
    try:
        obj, _end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError:
        return None
    return obj if isinstance(obj, dict) else None


def _vnu_url_to_path(url: str) -> str:
    """``file:/tmp/a%20b.html`` -> ``/tmp/a b.html`` (resolved, as vnu reports it)."""
    if url.startswith("file:"):
        path = unquote(urlsplit(url).path)
        try:
            return str(Path(path).resolve())
        except OSError:  # pragma: no cover
            return path
    return url


# --------------------------------------------------------------------------- #
# PDF
# --------------------------------------------------------------------------- #


def _run_poppler(tool: str, *args: str) -> str:
    exe = shutil.which(tool)
    if not exe:
        raise FileNotFoundError(f"{tool} not found; install poppler-utils (make system-test)")
    proc = subprocess.run(
        [exe, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{tool} {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}"
        )
    return proc.stdout


def parse_pdffonts(output: str) -> list[dict[str, Any]]:
    """Parse the table printed by ``pdffonts``.

    Column widths are taken from the dashed rule under the header, so font
    names and types containing spaces (``CID TrueType``, ``Type 1C``) survive.

    Args:
        output: ``pdffonts`` stdout.

    Returns:
        One dict per font: ``name`` (``"[none]"`` for unnamed Type 3 fonts),
        ``type``, ``encoding``, ``emb``, ``sub``, ``uni`` (bools) and
        ``object`` (``"12 0"``).
    """
    lines = output.splitlines()
    rule_index = next((i for i, line in enumerate(lines) if line.startswith("---")), None)
    if rule_index is None:
        return []
    spans = [m.span() for m in re.finditer(r"-+", lines[rule_index])]
    keys = ["name", "type", "encoding", "emb", "sub", "uni", "object"]
    fonts = []
    for line in lines[rule_index + 1 :]:
        if not line.strip():
            continue
        cells = []
        for i, (start, end) in enumerate(spans):
            # the last column runs to the end of the line
            cells.append(line[start : (end if i < len(spans) - 1 else None)].strip())
        row: dict[str, Any] = dict(zip(keys, cells, strict=False))
        for flag in ("emb", "sub", "uni"):
            row[flag] = row.get(flag) == "yes"
        fonts.append(row)
    return fonts


def pdf_fonts(path: Path) -> list[dict[str, Any]]:
    """List a PDF's fonts with ``pdffonts`` (see :func:`parse_pdffonts`).

    Args:
        path: The PDF.

    Returns:
        One dict per font; check ``all(f["emb"] for f in fonts)``.
    """
    return parse_pdffonts(_run_poppler("pdffonts", str(path)))


def pdf_text(path: Path, *, layout: bool = False, normalize: bool = False) -> str:
    """Extract a PDF's text with ``pdftotext`` (UTF-8, reading order).

    Reading order (no ``-layout``) is the better default for substring checks:
    ``-layout`` pads justified lines with runs of spaces and interleaves
    side-by-side blocks.  Pages are separated by form feeds.

    Args:
        path: The PDF.
        layout: Pass ``-layout`` to keep the physical layout.
        normalize: Return :func:`normalize_text` of the text.

    Returns:
        The text.
    """
    args = ["-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    text = _run_poppler("pdftotext", *args)
    return normalize_text(text) if normalize else text


_SOFT_BREAK = re.compile("[\u00ad\u2010]\\s*\\n\\s*")  # hyphenation point at a line end
_HARD_HYPHEN_BREAK = re.compile(r"(?<=\w)-\s*\n\s*(?=\w)")
_WS = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Normalize extracted (or expected) text so substring checks are reliable.

    * NFKC: ligatures (``ﬁ`` -> ``fi``), no-break and other special spaces.
    * Words split by automatic hyphenation are re-joined: a soft hyphen or
      WeasyPrint's hyphenation character U+2010 at a line end disappears with
      the line break (``characterisa‐\\ntion`` -> ``characterisation``); an
      ASCII hyphen at a line end keeps the hyphen (``well-\\nknown`` ->
      ``well-known``).
    * Remaining soft hyphens and zero-width characters are removed.
    * All whitespace runs (newlines, form feeds) collapse to one space; the
      result is stripped.

    Apply it to both sides: ``normalize_text(needle) in normalize_text(text)``.

    Args:
        text: Any text.

    Returns:
        The normalized text.
    """
    text = _SOFT_BREAK.sub("", text)
    text = _HARD_HYPHEN_BREAK.sub("-", text)
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return _WS.sub(" ", text).strip()


def _pdf_reader(path: Path) -> Any:
    from pypdf import PdfReader

    return PdfReader(str(path))


def pdf_outline_titles(path: Path) -> list[str]:
    """Titles of a PDF's outline (bookmarks), nested levels flattened in order.

    Args:
        path: The PDF.

    Returns:
        The bookmark titles, depth-first.
    """

    def walk(items: Iterable[Any]) -> Iterable[str]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield str(item.title)

    return list(walk(_pdf_reader(path).outline))


def pdf_link_uris(path: Path) -> list[str]:
    """``/URI`` targets of the link annotations on every page, in page order.

    A link that wraps across lines yields one annotation per line, so the same
    URI can appear more than once; use ``set()`` when that does not matter.

    Args:
        path: The PDF.

    Returns:
        The URIs.
    """
    uris = []
    for page in _pdf_reader(path).pages:
        annots = page.get("/Annots")
        if annots is None:
            continue
        for ref in annots.get_object():
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            if action is not None and action.get("/S") == "/URI" and "/URI" in action:
                uri = action["/URI"]
                uris.append(uri.decode("utf-8", "replace") if isinstance(uri, bytes) else str(uri))
    return uris


def pdf_page_count(path: Path) -> int:
    """Number of pages.

    Args:
        path: The PDF.

    Returns:
        The page count.
    """
    return len(_pdf_reader(path).pages)


def pdf_page_size_mm(path: Path, page: int = 0) -> tuple[float, float]:
    """Width and height of a page in millimetres, as displayed (``/Rotate`` applied).

    Args:
        path: The PDF.
        page: Zero-based page index.

    Returns:
        ``(width, height)`` rounded to 0.1 mm; A4 portrait is ``(210.0, 297.0)``.
    """
    pdf_page = _pdf_reader(path).pages[page]
    box = pdf_page.mediabox
    width, height = float(box.width), float(box.height)
    if int(pdf_page.get("/Rotate", 0) or 0) % 180:
        width, height = height, width
    return round(width * 25.4 / 72, 1), round(height * 25.4 / 72, 1)


def pdf_metadata(path: Path) -> dict[str, str | None]:
    """Document information and catalog language.

    Args:
        path: The PDF.

    Returns:
        ``title``, ``author``, ``creator``, ``producer`` and ``lang`` (``/Lang``
        of the catalog), ``None`` where absent.
    """
    reader = _pdf_reader(path)
    info = reader.metadata or {}
    lang = reader.trailer["/Root"].get("/Lang")

    def get(key: str) -> str | None:
        value = info.get(key)
        return None if value is None else str(value)

    return {
        "title": get("/Title"),
        "author": get("/Author"),
        "creator": get("/Creator"),
        "producer": get("/Producer"),
        "lang": None if lang is None else str(lang),
    }


# --------------------------------------------------------------------------- #
# Privacy
# --------------------------------------------------------------------------- #

#: Account and host names too generic to search for on their own.
_GENERIC_NAMES = frozenset(
    """root user users admin administrator runner jovyan ubuntu debian vscode node app
    build builder ci docker test tester guest default home work main localhost
    localhost.localdomain runreport""".split()
)


def default_private_needles(extra: Iterable[str] = ()) -> list[str]:
    """Strings that must never appear in exported files on this machine.

    Includes the home directory, the repository's and the current directory's
    absolute paths, the temp directory (with a trailing slash), generic home
    and temp prefixes (``/home/``, ``/Users/``, ``/var/folders/``,
    ``pytest-of-``), ``site-packages`` (a leaked traceback), ``user@`` and the
    host name.  The bare user name is only included when it is at least four
    characters and not a generic account name: ``root`` would match "square
    root", so root is covered by its home ``/root`` instead.

    Args:
        extra: More needles, e.g. a temporary build directory.

    Returns:
        Unique, non-trivial needles in a stable order.
    """
    candidates: list[str] = []
    home = str(Path.home())
    candidates.append(home)
    candidates.append(str(REPO_ROOT))
    candidates.append(str(Path.cwd()))
    tmp = tempfile.gettempdir().rstrip("/\\")
    if tmp:
        candidates.append(tmp + os.sep)
    candidates += [
        "/home/",
        "/Users/",
        "C:\\Users\\",
        "/var/folders/",
        "/private/var/",
        "pytest-of-",
    ]
    candidates.append("site-packages")
    if sys.prefix not in ("/usr", "/usr/local", "/"):  # the venv or conda env
        candidates.append(sys.prefix)
    try:
        user = getpass.getuser()
    except Exception:  # no user name in some containers  # pragma: no cover
        user = ""
    if user:
        candidates.append(f"{user}@")
        if len(user) >= 4 and user.lower() not in _GENERIC_NAMES:
            candidates.append(user)
    host = socket.gethostname()
    if host and len(host) >= 4 and host.lower() not in _GENERIC_NAMES:
        candidates.append(host)
        short = host.split(".")[0]
        if short != host and len(short) >= 4 and short.lower() not in _GENERIC_NAMES:
            candidates.append(short)
    candidates += list(extra)
    out: list[str] = []
    for needle in candidates:
        if needle and needle not in ("/", "\\", ".") and len(needle) >= 3 and needle not in out:
            out.append(needle)
    return out


def _needle_variants(needle: str, utf16: bool) -> list[bytes]:
    texts = {needle, needle.replace("/", "\\/")}  # JSON may escape slashes
    variants = [t.encode("utf-8") for t in texts]
    if utf16:  # PDF text strings, Windows metadata
        variants += [t.encode(enc) for t in texts for enc in ("utf-16-be", "utf-16-le")]
    return variants


def _pdf_streams(data: bytes) -> Iterable[bytes]:
    """Inflate every Flate-compressed ``stream`` of a PDF (best effort)."""
    for match in re.finditer(rb"stream\r?\n", data):
        decomp = zlib.decompressobj()
        try:
            chunk = decomp.decompress(data[match.end() : match.end() + 50_000_000], 200_000_000)
        except zlib.error:
            continue
        if chunk:
            yield chunk


def _blobs(path: Path, data: bytes) -> Iterable[bytes]:
    """The file's bytes plus the decompressed content hidden inside it."""
    yield data
    if data.startswith(b"%PDF"):
        yield from _pdf_streams(data)
    elif data[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError):
            yield gzip.decompress(data)
    elif data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path) as zf:
                for name in zf.namelist():
                    yield name.encode("utf-8")
                    member = zf.read(name)
                    yield member
                    yield from _blobs(path, member) if member.startswith(b"%PDF") else ()
        except (zipfile.BadZipFile, OSError, RuntimeError):
            pass


class _Haystack:
    """A blob to search for byte strings, UTF-16 ones included, fast."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        self._halves: tuple[bytes, bytes] | None = None

    def contains(self, needle: bytes) -> bool:
        """Whether *needle* occurs in the blob (exactly as ``needle in blob``)."""
        if len(needle) < 4 or b"\x00" not in needle:
            return needle in self.blob
        # A UTF-16 needle has a NUL every other byte, and searching for it through binary data full of
        # NULs (decompressed images) crawls. Its other bytes lie one after another in the blob's even or
        # odd bytes: found there, each candidate is compared whole.
        skip = 0 if needle[0::2].count(0) <= needle[1::2].count(0) else 1
        part = needle[skip::2]
        if self._halves is None:
            self._halves = (self.blob[0::2], self.blob[1::2])
        for parity, half in enumerate(self._halves):
            k = half.find(part)
            while k != -1:
                start = (
                    2 * k + parity - skip
                )  # the needle's byte *skip* is the blob's byte 2k + parity
                if start >= 0 and self.blob[start : start + len(needle)] == needle:
                    return True
                k = half.find(part, k + 1)
        return False


def find_private_strings(
    directory: Path, needles: Sequence[str], *, utf16: bool = True
) -> list[tuple[Path, str]]:
    """Find files under ``directory`` whose bytes contain any needle.

    Every file is searched as bytes (text and binary alike), for the UTF-8
    form of each needle, its JSON-escaped form (``\\/``) and, with ``utf16``,
    its UTF-16 forms.  Compressed content is searched too: Flate streams of
    PDFs, gzip files and zip members (with their names).  A symlink whose
    target contains a needle counts as well.  File names are not checked.

    Args:
        directory: Folder to scan recursively (a single file works too).
        needles: Strings to look for, e.g. :func:`default_private_needles`.
        utf16: Also look for UTF-16BE/LE encodings of the needles.

    Returns:
        Sorted, unique ``(file, needle)`` hits; empty when clean.
    """
    directory = Path(directory)
    files = [directory] if directory.is_file() else sorted(directory.rglob("*"))
    wanted = [(n, _needle_variants(n, utf16)) for n in needles if n]
    hits: set[tuple[Path, str]] = set()
    for path in files:
        if path.is_symlink():
            target = os.readlink(path)
            hits.update((path, n) for n, _ in wanted if n in target)
            continue
        if not path.is_file():
            continue
        data = path.read_bytes()
        remaining = list(wanted)
        for blob in map(_Haystack, _blobs(path, data)):
            found = [(n, v) for n, v in remaining if any(blob.contains(b) for b in v)]
            hits.update((path, n) for n, _ in found)
            remaining = [item for item in remaining if item not in found]
            if not remaining:
                break
    return sorted(hits, key=lambda hit: (str(hit[0]), hit[1]))
