"""What is read from a page loaded in the offline browser, and the report of it.

:func:`read_page` runs small JavaScript readings in a loaded page: the
scripting markup it carries, whether its live DOM differs from its source, its
images after load and decode, its JSON-LD blocks and its layout at the viewport
width asked for (page width, elements sticking out of it, figure images against
the text column).  :class:`PageReport` holds those readings together with what
the page did while loading (see :mod:`helpers.page_recorder`) and says what
makes the page fail the gate.  The only ``<script>`` a page may carry is an
inert ``type="application/ld+json"`` data block holding valid JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The one kind of <script> a page may carry: an inert JSON-LD data block (exact type).
JSON_LD_TYPE = "application/ld+json"


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
        axe_violations: axe-core violations when requested (see
            :func:`helpers.accessibility.axe_results`).
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


_JS_SCRIPT_MARKUP = r"""() => {
  const out = [];
  for (const s of document.querySelectorAll('script')) {
    const type = s.getAttribute('type') || 'text/javascript';
    out.push(s.hasAttribute('src') ? `script[src=${s.getAttribute('src')}] type=${type}`
                                   : `script inline ${s.textContent.length} chars type=${type}`);
  }
  const urlAttrs = new Set(
    ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster']);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) out.push(`${el.localName}[${a.name}]`);
      else if (urlAttrs.has(a.name) && /^\s*javascript:/i.test(a.value))
        out.push(`${el.localName}[${a.name}=javascript:]`);
    }
  }
  for (const el of document.querySelectorAll('iframe[srcdoc], object, embed')) {
    out.push(el.localName);
  }
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
  const excerpt = (html) => JSON.stringify(html.slice(a, i + 80));
  return `source: ${excerpt(parsed)} live: ${excerpt(live)}`;
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
      const clips = getComputedStyle(p).overflowX !== 'visible';
      if (clips && fits(p.getBoundingClientRect())) return true;
    }
    return false;
  };
  const classes = (el) => typeof el.className === 'string' && el.className
    ? '.' + el.className.trim().split(/\s+/).join('.') : '';
  const name = (el) => el.localName + (el.id ? '#' + el.id : '') + classes(el);
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


def read_page(page: Any, html_path: Path, wait_ms: float) -> dict[str, Any]:
    """Read a loaded page: the :class:`PageReport` fields that describe its document.

    Args:
        page: The Playwright page, after its ``load`` event.
        html_path: The file it was loaded from, to compare with the live DOM.
        wait_ms: How long its images and fonts may take to load and decode.

    Returns:
        ``script_markup``, ``dom_changed``, ``dom_change_excerpt``, ``images``,
        ``json_ld``, ``viewport_width``, ``page_width``, ``overflowing``,
        ``figure_images`` and ``navigated_away``, as keyword arguments of
        :class:`PageReport`.
    """
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
    images = [(alt, int(w)) for alt, w in read(_JS_IMAGES, wait_ms, default=[])]
    json_ld = _parse_json_ld(read(_JS_JSON_LD, JSON_LD_TYPE, default=[]))
    layout = read(_JS_LAYOUT, default={"viewport": 0, "page": 0, "overflowing": [], "figures": []})
    return {
        "script_markup": markup,
        "dom_changed": bool(excerpt),
        "dom_change_excerpt": excerpt,
        "images": images,
        "json_ld": json_ld,
        "viewport_width": int(layout["viewport"]),
        "page_width": int(layout["page"]),
        "overflowing": list(layout["overflowing"]),
        "figure_images": [(key, float(w), float(c)) for key, w, c in layout["figures"]],
        "navigated_away": bool(navigated),
    }
