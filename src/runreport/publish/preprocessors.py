"""nbconvert preprocessors for the published report.

Takes an executed notebook (as nbconvert hands it to preprocessors) and gives
the notebook a reader should see:

- :class:`ReportTagRemovePreprocessor` drops the cells tagged ``parameters``,
  ``injected-parameters`` or ``remove-cell``, the outputs of cells tagged
  ``remove-output``, and every ``stderr`` stream (warnings, progress bars), and the
  headings tagged ``earned-by-next`` whose section shows nothing for this article.
- :class:`CrossReferencePreprocessor` numbers the figures and tables shown by
  :class:`runreport.publish.display.ReportPage` in document order and turns
  Markdown links such as ``[Figure](#fig-incidence)`` into ``Figure 3``. A link
  to a key that no output defines, or a key shown twice, is a
  :class:`CrossReferenceError` naming the cell (by its id).

Both are registered (enabled) by :class:`runreport.publish.ReportHTMLExporter`;
they can be configured like any nbconvert preprocessor, e.g.
``--ReportTagRemovePreprocessor.remove_stderr=False``.
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from traitlets import Bool, Set, Unicode

__all__ = ["CrossReferenceError", "CrossReferencePreprocessor", "ReportTagRemovePreprocessor"]

_HTML = "text/html"

# Markup written by runreport.publish.display (exact attribute order).
_FIGURE_RE = re.compile(r'<figure\b[^>]*\bdata-figure-key="(?P<key>[^"]+)"[^>]*>.*?</figure>', re.S)
_TABLE_RE = re.compile(r'<table\b[^>]*\bdata-table-key="(?P<key>[^"]+)"[^>]*>.*?</table>', re.S)
_NUMBER_ATTR = {"figure": "data-figure-number", "table": "data-table-number"}
_LABEL = {"figure": "Figure", "table": "Table"}
_PREFIX = {"fig": "figure", "tbl": "table"}

# A Markdown inline link to #fig-<key> / #tbl-<key>; code spans and fenced
# blocks are matched first so that examples inside code stay untouched.
_MD_REF_RE = re.compile(
    r"(?P<code>^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=fence)[ \t]*$|`+[^`\n]*`+)"
    r"|\[(?P<text>[^\]\n]*)\]\(#(?P<prefix>fig|tbl)-(?P<key>[A-Za-z0-9_-]+)\)",
    re.S | re.M,
)
# Link texts that are replaced by the full label ("Figure 3").
_GENERIC_TEXT = {"", "figure", "fig", "fig.", "table", "tab", "tab.", "tbl", "tbl."}


class CrossReferenceError(ValueError):
    """A reference to a figure or table key that no output shows, or a key shown twice.

    Attributes:
        message: What is wrong, without the cell.
        cell_id: The ``id`` of the offending cell (nbformat 4.5+), or None.
        cell_index: Its position in the notebook the preprocessor was given
            (after tagged cells were removed), for notebooks without cell ids.
    """

    def __init__(self, message: str, cell_id: str | None, cell_index: int) -> None:
        self.message = message
        self.cell_id = cell_id
        self.cell_index = cell_index
        where = f"cell {cell_id!r}" if cell_id else f"cell at position {cell_index}"
        super().__init__(f"{where}: {message}")


class ReportTagRemovePreprocessor(TagRemovePreprocessor):
    """Remove parameter and helper cells, and stderr output, from the report.

    A :class:`~nbconvert.preprocessors.TagRemovePreprocessor`, enabled by
    default, that always removes the report's own tags (:attr:`report_cell_tags`,
    :attr:`report_output_tags`) on top of whatever ``remove_cell_tags`` etc. are
    configured, and drops ``stderr`` streams (warnings and log noise are for the
    editor, not the reader).
    """

    enabled = Bool(True, help="Whether to use this preprocessor.").tag(config=True)

    report_cell_tags = Set(
        Unicode(),
        default_value={"parameters", "injected-parameters", "remove-cell"},
        help="Tags of cells that never appear in the report (added to remove_cell_tags).",
    ).tag(config=True)

    earned_tag = Unicode(
        "earned-by-next",
        help="Tag of a heading cell that appears only when the code cell after it shows something.",
    ).tag(config=True)

    report_output_tags = Set(
        Unicode(),
        default_value={"remove-output"},
        help="Tags of cells whose outputs never appear in the report.",
    ).tag(config=True)

    remove_stderr = Bool(
        True,
        help="Drop stream outputs named 'stderr' (warnings, logging, progress bars).",
    ).tag(config=True)

    def check_cell_conditions(self, cell, resources, index) -> bool:
        """Return False for cells to remove (configured or report tags)."""
        tags = set(cell.get("metadata", {}).get("tags", []))
        return not tags & (self.remove_cell_tags | self.report_cell_tags)

    def preprocess(self, nb, resources):
        """Remove tagged cells, then clean the outputs of the others, then drop the headings
        whose section shows nothing."""
        nb.cells = [
            self.preprocess_cell(cell, resources, index)[0]
            for index, cell in enumerate(nb.cells)
            if self.check_cell_conditions(cell, resources, index)
        ]
        nb.cells = [
            cell
            for index, cell in enumerate(nb.cells)
            if not self.unearned(cell, nb.cells[index + 1 : index + 2])
        ]
        return nb, resources

    def unearned(self, cell, following: list) -> bool:
        """A markdown cell tagged :attr:`earned_tag` whose next code cell shows nothing: a
        section with no content for this article ("Incidence", for an article with no rates)."""
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type != "markdown" or self.earned_tag not in tags:
            return False
        return not following or (following[0].cell_type == "code" and not following[0].outputs)

    def preprocess_cell(self, cell, resources, cell_index):
        """Empty the outputs of cells with a report output tag, then as usual."""
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type == "code" and tags & self.report_output_tags:
            cell.outputs = []
        return super().preprocess_cell(cell, resources, cell_index)

    def check_output_conditions(self, output, resources, cell_index, output_index) -> bool:
        """Return False for outputs to drop: stderr streams and tagged outputs."""
        if (
            self.remove_stderr
            and output.get("output_type") == "stream"
            and output.get("name") == "stderr"
        ):
            return False
        return super().check_output_conditions(output, resources, cell_index, output_index)


class CrossReferencePreprocessor(Preprocessor):
    """Number figures and tables in document order and resolve references.

    Scans the ``text/html`` outputs for the markup of
    :class:`~runreport.publish.display.ReportPage` (``data-figure-key``,
    ``data-table-key``), renumbers them 1, 2, 3... in the order they appear
    (rewriting ``data-*-number`` and the "Figure N" labels when the kernel's
    numbers differ, e.g. after cells were run out of order), then rewrites
    Markdown links ``[Figure](#fig-<key>)`` / ``[Table](#tbl-<key>)`` to
    ``[Figure N](#fig-<key>)``. Link texts other than Figure/Fig./Table (or
    empty) are kept; the key is still checked.

    The numbers are left in ``resources["runreport"]["figures"]`` and
    ``["tables"]`` (key -> number).

    Raises:
        CrossReferenceError: From :meth:`preprocess`, for a reference to an
            unknown key or a key shown twice (a ``ValueError``).
    """

    enabled = Bool(True, help="Whether to use this preprocessor.").tag(config=True)

    def preprocess(self, nb, resources):
        """Renumber the outputs, then rewrite the Markdown references."""
        numbers: dict[str, dict[str, int]] = {"figure": {}, "table": {}}
        where: dict[tuple[str, str], int] = {}
        for index, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                html = output.get("data", {}).get(_HTML)
                if html is None:
                    continue
                text = "".join(html) if isinstance(html, list) else html
                new = self._number_outputs(text, numbers, where, cell, index)
                if new != text:
                    output["data"][_HTML] = new

        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                cell.source = self._resolve(cell, numbers, index)

        resources.setdefault("runreport", {})
        resources["runreport"]["figures"] = dict(numbers["figure"])
        resources["runreport"]["tables"] = dict(numbers["table"])
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        """Unused: :meth:`preprocess` needs the whole notebook."""
        return cell, resources

    @staticmethod
    def _number_outputs(
        text: str,
        numbers: dict[str, dict[str, int]],
        where: dict[tuple[str, str], str],
        cell,
        cell_index: int,
    ) -> str:
        """Assign numbers to the figures/tables in one HTML output of *cell*."""
        for kind, pattern in (("figure", _FIGURE_RE), ("table", _TABLE_RE)):

            def renumber(match: re.Match[str], kind: str = kind) -> str:
                key = match["key"]
                if (kind, key) in where:
                    raise CrossReferenceError(
                        f"{kind} key {key!r} is shown twice (first by {where[kind, key]}); "
                        f"each {kind} key must be unique in the report",
                        cell.get("id"),
                        cell_index,
                    )
                where[kind, key] = (
                    f"cell {cell['id']!r}"
                    if cell.get("id")
                    else f"the cell at position {cell_index}"
                )
                number = numbers[kind][key] = len(numbers[kind]) + 1
                block = re.sub(
                    rf'{_NUMBER_ATTR[kind]}="\d+"',
                    f'{_NUMBER_ATTR[kind]}="{number}"',
                    match[0],
                    count=1,
                )
                return re.sub(
                    rf'(<span class="rr-label">{_LABEL[kind]} )\d+',
                    rf"\g<1>{number}",
                    block,
                )

            text = pattern.sub(renumber, text)
        return text

    @staticmethod
    def _resolve(cell, numbers: dict[str, dict[str, int]], cell_index: int) -> str:
        """The source of one Markdown *cell* with its ``#fig-``/``#tbl-`` links rewritten."""

        def replace(match: re.Match[str]) -> str:
            if match["code"] is not None:
                return match[0]
            kind = _PREFIX[match["prefix"]]
            key = match["key"]
            if key not in numbers[kind]:
                known = ", ".join(sorted(numbers[kind])) or "none"
                raise CrossReferenceError(
                    f"the link #{match['prefix']}-{key} refers to unknown {kind} {key!r}; "
                    f"known {kind} keys: {known}",
                    cell.get("id"),
                    cell_index,
                )
            text = match["text"]
            if text.strip().lower() in _GENERIC_TEXT:
                text = f"{_LABEL[kind]} {numbers[kind][key]}"
            return f"[{text}](#{match['prefix']}-{key})"

        return _MD_REF_RE.sub(replace, cell.source)
