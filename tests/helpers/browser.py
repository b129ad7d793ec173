"""Debian's headless chromium, driven through Playwright and DevTools (CDP), offline.

A :class:`BrowserSession` keeps one browser and one tab for many checks.  All
network is blocked: every request except the page's own ``file://`` URL is
aborted and recorded (:mod:`helpers.page_recorder`), and a DevTools
``Debugger`` session records every script V8 compiles in the page, which
proves whether any script (inline, event handler, ``javascript:`` URL,
``eval``) ran.  The page is examined at the viewport width and in the colour
scheme asked for (:mod:`helpers.page_inspection`); axe-core can run on the same
page load (:mod:`helpers.accessibility`).

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
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from helpers.accessibility import DEFAULT_AXE_TAGS, axe_results, require_axe
from helpers.page_inspection import PageReport, read_page
from helpers.page_recorder import PageRecorder
from helpers.tool_paths import CHROMIUM, require

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

_VIEWPORT = {"width": 1280, "height": 900}
#: How long emptying the tab between checks may take before the tab is replaced.
_BLANK_TIMEOUT_MS = 2_000


def _quietly(func: Any, *args: Any) -> None:
    """Call ``func(*args)``, ignoring errors (for best-effort event handlers)."""
    with contextlib.suppress(Exception):
        func(*args)


class BrowserSession:
    """One headless Debian chromium, reused for many offline page checks.

    The browser starts once, and so does its one tab: each check closes any
    page the last one opened, navigates the tab to ``about:blank``, clears the
    storage and cookies of ``file://`` pages, sets its own viewport and media
    features, then loads its page with a fresh recorder. A page cannot
    influence the next one: its pop-ups are closed, its document, timers and
    scripts go with the navigation, what it stored is cleared; a tab that
    failed a check (a timeout, a crash), or that cannot be emptied after one
    (a page still looping), is closed with its context and a new one opened.
    A new tab per check would cost a renderer process each, about 0.5 CPU-s,
    most of a check on a small page.  Use it as a context manager, e.g. in a
    session-scoped pytest fixture::

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
        # (context, page, CDP session), opened on first use
        self._tab: tuple[Any, Any, Any] | None = None
        # the recorder of the check in progress (an idle one between checks)
        self._rec = PageRecorder(None)

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
        require(
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
        """The session's tab: (context, page, CDP session).

        Its listeners are bound to the recorder of the check in progress.
        """
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

        Pages the last one opened are closed, the tab goes to ``about:blank``
        (its document, timers and scripts go with it), the storage and cookies
        of ``file://`` pages are cleared. A tab that cannot be emptied (a page
        still running a loop, a renderer that died after its check) is closed
        and a new one opened, so the next check never pays for the last page.
        """
        for attempt in (1, 2):
            ctx, page, cdp = self._open_tab()
            try:
                self._rec = PageRecorder(None)
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
    ) -> Iterator[tuple[Any, Any, PageRecorder, str]]:
        """The tab, blank and set up for one check of *html_path*.

        Yields (page, CDP session, recorder, URL).  The page is not loaded yet:
        the caller navigates to the URL.  A check that raises closes the tab.
        """
        path = Path(html_path).resolve()
        require(path, "HTML file", "build it first")
        _ctx, page, cdp = self._blank_tab(width, color_scheme, reduced_motion)
        try:
            rec = PageRecorder(path)
            self._rec = rec
            yield page, cdp, rec, path.as_uri()
        except BaseException:
            self._close_tab()
            raise
        finally:
            self._rec = PageRecorder(None)

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
            scripts_run = rec.describe_scripts(cdp)
            readings = read_page(page, Path(html_path), self.timeout_ms / 2)
            shot = None
            if screenshot is not None:
                shot = Path(screenshot)
                shot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shot), full_page=True, animations="disabled")
            axe = axe_results(page, axe_tags) if with_axe else {}
            return PageReport(
                url=url,
                title=title,
                scripts_run=scripts_run,
                screenshot=shot,
                axe_violations=axe.get("violations"),
                axe_incomplete=axe.get("incomplete"),
                **readings,
                **rec.events(),
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
            full_page: The whole page in the screenshot (else the viewport only,
                a fraction of the cost).

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
                # the next checks need no accessibility tree
                _quietly(cdp.send, "Accessibility.disable")
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
        require_axe()
        with self._check(html_path, width=width, color_scheme=color_scheme) as (
            page,
            _cdp,
            _rec,
            url,
        ):
            page.goto(url, wait_until="load")
            return axe_results(page, tags)["violations"]


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
