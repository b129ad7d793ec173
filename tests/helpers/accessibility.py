"""The accessibility gate: axe-core run inside a page loaded in the offline browser.

axe-core is injected from the npm directory (``make npm-tools``) through
DevTools, so a page's Content-Security-Policy cannot block it.  Its violations
fail the gate; what it could not decide and a person should look at (its
"incomplete" results) is reported instead, with :func:`record_axe_incomplete`.
:meth:`helpers.browser.BrowserSession.run_axe` and
:meth:`helpers.browser.BrowserSession.inspect_page` (``with_axe=True``) use it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from helpers.page_inspection import PageReport
from helpers.tool_paths import AXE_JS, require

#: axe-core rule tags run by default: WCAG 2.0/2.1 A and AA plus best practices.
DEFAULT_AXE_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")

_JS_AXE_RUN = r"""async (options) => {
  const result = await window.axe.run(document, options);
  const plain = (list) => list.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
    nodes: v.nodes.map((n) => n.target.map(String).join(' ')),
  }));
  return {violations: plain(result.violations), incomplete: plain(result.incomplete || [])};
}"""


def require_axe() -> Path:
    """The axe-core bundle.

    Raises:
        FileNotFoundError: If ``axe.min.js`` is missing (run ``make npm-tools``).
    """
    return require(AXE_JS, "axe-core", "run `make npm-tools`")


def _inject_axe(page: Any) -> None:
    source = require_axe().read_text(encoding="utf-8")
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


def _axe_options(tags: Sequence[str] | None) -> dict[str, Any]:
    options: dict[str, Any] = {"resultTypes": ["violations", "incomplete"]}
    if tags:
        options["runOnly"] = {"type": "tag", "values": list(tags)}
    return options


def axe_results(page: Any, tags: Sequence[str] | None) -> dict[str, list[dict[str, Any]]]:
    """Inject axe-core into a loaded page and run it.

    Args:
        page: The Playwright page, after its ``load`` event.
        tags: axe rule tags to run; ``None`` runs axe's default rule set.

    Returns:
        ``violations`` and ``incomplete``: one dict per rule, with ``id``,
        ``impact``, ``help``, ``helpUrl``, ``tags`` and ``nodes`` (CSS
        selectors of the offenders).
    """
    _inject_axe(page)
    return page.evaluate(_JS_AXE_RUN, _axe_options(tags))


def record_axe_incomplete(folder: Path, label: str, report: PageReport) -> list[str]:
    """Write what axe left for a person to check on one page to ``folder/<label>.json``.

    axe's "incomplete" results are not failures (axe could not decide, e.g.
    contrast of text over an image), so the gate reports them instead: the
    test session prints them in its summary.

    Returns:
        One line per rule.
    """
    lines = [
        f"{label}: {v['id']} ({v['help']}) at {', '.join(v['nodes'][:3])}"
        for v in report.axe_incomplete or []
    ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{label}.json").write_text(json.dumps(lines, indent=1) + "\n", encoding="utf-8")
    return lines
