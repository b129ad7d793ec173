"""The shared parts of the readers: :class:`Document`, :class:`Block` and the byte and text rules.

Takes nothing from the format readers (``text``, ``markdown``, ``html`` import this module, never
the other way), and gives the record types they fill, the size/encoding/control-character checks
every format shares, and small text helpers (line splitting, collapsing, lead-ins).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from runreport.errors import ArticleError

#: Articles are a few thousand words; anything far larger is not one.
MAX_BYTES = 2_000_000

#: File extensions and the format each one means.
FORMATS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}

#: The title of a page's contents list ("Contents", "In this article:"), in any format.
CONTENTS_TITLE = re.compile(
    r"^(?:table of contents|contents|in this (?:article|post|guide)|jump to|on this page)\b\W*$",
    re.IGNORECASE,
)

#: A line inside a paragraph that starts a block of its own ("Q: …", "A: …",
#: "What to do: …"): a soft line break before it separates two blocks.
LINE_MARKER = re.compile(
    r"^(?:Q\d{0,3}\s*[.:)]\s|A\d{0,3}\s*:|Question\s*\d{0,3}\s*:|Answer\s*:|Related\b[^:]{0,20}:|[•·]\s|"
    r"(?:What to do|What you can do|Fix it|The fix|How to fix it|How to fix|Fix|Try this"
    r"|Do this instead|What helps|What to change)\s*:)",
    re.IGNORECASE,
)

# Control characters (other than tab and line ends), lone surrogates and Unicode non-characters
# have no place in text. Ranges only: a character class listing many single characters makes the
# regex engine scan slowly.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# U+1FFFE, U+1FFFF, U+2FFFE, … U+10FFFF: the non-characters outside the Basic Multilingual Plane.
_FORBIDDEN_ASTRAL = re.compile(
    "["
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
    )
    + "]"
)
# The regexes above visit every character (about 9 ns each); byte operations in C prove most texts
# clean far faster. In UTF-8 a forbidden character of the BMP is a control byte or starts with C2
# (U+0080–U+009F), ED (surrogates) or EF (U+FDD0–U+FFFF); every other byte is "plain".
_PLAIN_UTF8 = bytes(
    b
    for b in range(256)
    if not (b < 0x09 or 0x0B <= b <= 0x1F or b == 0x7F or b in (0xC2, 0xED, 0xEF))
)
# C2 also starts the common U+00A0–U+00BF (no-break space, ©, °, ½): in clean text only these
# follow it.
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
# The non-characters outside the BMP (U+1FFFE … U+10FFFF) all end in the bytes BF BE or BF BF.
_ASTRAL_ENDS = (b"\xbf\xbe", b"\xbf\xbf")


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of an article's text, located by its line in the input file.

    Attributes:
        kind: ``heading``, ``paragraph``, ``item`` (a list item), ``qa`` (a
            question with its answer) or ``link`` (a link in a box that is
            not article text: a "Related" box or a product box).
        line: The 1-based line of the input file where the block starts.
        text: The block's whole text, whitespace collapsed; for ``qa``, the
            question; for ``link``, the link's text.
        level: Heading level 1–6 (0 for blocks that are not headings).
        lead: A bold lead-in ("**Weak glutes.** Your …" → ``Weak glutes``),
            its trailing punctuation removed; None when there is none.
        after_lead: The text after the lead-in ("Your …"), "" when the bold
            text is the whole block.
        ordered: For an item, whether its list is numbered.
        number: For an item of a numbered list, its number as written.
        answer: For ``qa``, the answer's paragraphs as ``(line, text)``.
        link: For ``link``, ``related`` or ``product``; for ``qa``, ``json-ld``
            when the question comes from the page's structured data rather
            than its text.
    """

    kind: str
    line: int
    text: str
    level: int = 0
    lead: str | None = None
    after_lead: str = ""
    ordered: bool = False
    number: int | None = None
    answer: tuple[tuple[int, str], ...] = ()
    link: str | None = None
    #: For a paragraph wrapped over lines: ``(offset in text, line)`` where each line starts.
    breaks: tuple[tuple[int, int], ...] = ()


@dataclass
class Document:
    """An article file read into blocks, whatever its format."""

    path: str
    format: str
    title: Block | None
    blocks: list[Block]
    meta: dict[str, str] = field(default_factory=dict)
    #: What the reader left out of the article's text, as ``(line, what)``: a promotion box,
    #: a contents list, a hidden block. ``runreport check`` lists them for the editor.
    skipped: list[tuple[int, str]] = field(default_factory=list)


def format_of(path: str | Path) -> str:
    """The format an article's extension names.

    Raises:
        ArticleError: for an extension runreport does not read.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        shown = suffix or "no extension"
        raise ArticleError(path, 1, f"unsupported article format ({shown}): use .txt, .md or .html")
    return FORMATS[suffix]


def read_bytes(path: str | Path) -> bytes:
    """Read at most one byte past :data:`MAX_BYTES` (a huge file is never loaded whole)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ArticleError(path, 1, f"cannot read the article: {exc.strerror or exc}") from None


def check_bytes(path: str | Path, data: bytes) -> None:
    """Refuse files that are too large or binary."""
    if len(data) > MAX_BYTES:
        raise ArticleError(
            path, 1, f"file is over {MAX_BYTES:,} bytes, the most an article may have"
        )
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ArticleError(path, line, "binary data (NUL byte): not a text article")


def decode(path: str | Path, data: bytes, encoding: str) -> str:
    """Decode *data*, refusing invalid bytes, control characters and empty files.

    Args:
        path: For error messages.
        data: The file's bytes.
        encoding: A Python codec name ("utf-8" strips a byte-order mark).

    Returns:
        The text with line ends normalised to ``\\n``.
    """
    codec = "utf-8-sig" if encoding.replace("_", "-").lower() in ("utf-8", "utf8") else encoding
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        name = "UTF-8" if codec == "utf-8-sig" else encoding
        raise ArticleError(path, line, f"not valid {name} (byte 0x{data[exc.start]:02x})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        # pdftotext puts a form feed before each page: a page break, not a character a reader
        # sees (dropped where it opens a line, so lines keep their numbers)
        text = ("\n" + text).replace("\n\f", "\n")[1:].replace("\f", " ")
    if not _surely_clean(text):
        bad = _FORBIDDEN.search(text)
        # UTF-16 needs two units for a character outside the BMP: a fast test for any.
        if len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text):
            astral = _FORBIDDEN_ASTRAL.search(text)
            if astral is not None and (bad is None or astral.start() < bad.start()):
                bad = astral
        if bad is not None:
            line = text[: bad.start()].count("\n") + 1
            raise ArticleError(
                path,
                line,
                f"control character U+{ord(bad.group()):04X} is not allowed in an article",
            )
    if not text.strip():
        raise ArticleError(path, 1, "the article is empty")
    if b"\xf0\x9d" in data or (codec != "utf-8-sig" and _MATH_LETTERS.search(text)):
        # (in UTF-8 every mathematical letter starts so: a fast test before the regex)
        text = _MATH_LETTERS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return text


# Social posts write bold and italic with mathematical letters ("𝐖𝐡𝐲 𝐝𝐨𝐞𝐬 𝐢𝐭 …"): a reader
# reads them as the letters they look like.
_MATH_LETTERS = re.compile("[\U0001d400-\U0001d7ff]+")


def _surely_clean(text: str) -> bool:
    """True when *text* certainly holds no forbidden character; False when the regexes must look."""
    data = text.encode("utf-8", "surrogatepass")
    leads = data.translate(None, _PLAIN_UTF8)
    if leads and (leads.strip(b"\xc2") or _C1_UTF8.search(data)):
        return False
    return not any(end in data for end in _ASTRAL_ENDS)


def split_lines(text: str) -> list[tuple[int, str]]:
    """``(line number, text)`` for every line of *text*, trailing whitespace removed."""
    return [(number, raw.rstrip()) for number, raw in enumerate(text.split("\n"), start=1)]


# Zero-width characters that site builders put in "empty" paragraphs: they show nothing.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def collapse(text: str) -> str:
    """*text* with every run of whitespace made one space, zero-width characters removed, and
    stripped."""
    if text.isascii():
        return " ".join(text.split())
    return " ".join(text.translate(_ZERO_WIDTH).split())


def text_after(block: Block, text: str) -> tuple[int, str, tuple[tuple[int, int], ...]]:
    """*text*, the end of *block*'s text (what follows its lead-in), as ``(line, text,
    breaks)``: the line it starts on (after a line break, the next one) and the block's line
    breaks counted from it."""
    at = block.text.rfind(text)
    if at < 0 or not text:
        return block.line, text, ()
    line = max(((o, n) for o, n in block.breaks if o <= at), default=(0, block.line))[1]
    return line, text, tuple((o - at, n) for o, n in block.breaks if o > at)


def join_segments(parts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """:func:`join_lines` without the lines' offsets."""
    return [(line, text) for line, text, _ in join_lines(parts)]


def join_lines(
    parts: list[tuple[int, str]], starts: set[int] | frozenset[int] = frozenset()
) -> list[tuple[int, str, tuple[tuple[int, int], ...]]]:
    """Join the lines of one paragraph, except where a line opens a block of its own.

    Args:
        parts: ``(line, text)`` for each line of a paragraph (split at its line breaks).

    Returns:
        ``(line, text)`` for each block: lines that start with a
        :data:`LINE_MARKER` ("A: …") start a new one; the others join the
        block before them with a space.
    """
    out: list[tuple[int, str, tuple[tuple[int, int], ...]]] = []
    for index, (line, text) in enumerate(parts):
        text = collapse(text)
        if not text:
            continue
        if out and not LINE_MARKER.match(text) and index not in starts:
            first, joined, breaks = out[-1]
            out[-1] = (first, f"{joined} {text}", (*breaks, (len(joined) + 1, line)))
        else:
            out.append((line, text, ()))
    return out


_ASIDE_THEN_SEPARATOR = re.compile(r"^\(([^()]{1,60})\)\s*([:–—|-]\s*.*)$")


def lead_in(strong: str, rest: str) -> tuple[str, str] | None:
    """Split a bold lead-in from the text after it, or None when the bold is emphasis.

    A bold run opening a paragraph is a lead-in when it is short and ends in
    punctuation ("**Weak glutes.** …", "**Fix it:** …"), when the text after it
    opens with a separator ("**Weak glutes** – …"), or when it is the whole
    paragraph.

    Args:
        strong: The bold text.
        rest: The text that follows it in the same paragraph.

    Returns:
        ``(label, rest)`` with the label's trailing punctuation and the rest's
        leading separator removed.
    """
    label, rest = collapse(strong), collapse(rest)
    if not label or len(label) > 120:
        return None
    aside = _ASIDE_THEN_SEPARATOR.match(rest)
    if (
        aside
    ):  # "**Patellofemoral pain syndrome** (runner's knee) - 16.5%": the aside is the label's
        label, rest = f"{label} ({aside.group(1)})", aside.group(2)
    if rest and rest[0] in ":.–—-|":
        rest = rest[1:].strip()
    elif rest and label[-1] not in ".:!?–—-":
        return None
    return label.rstrip(" :.–—-|").strip() or label, rest


#: ``Document.meta["title_from"]`` when the title was made from the file's name.
TITLE_FROM_FILE = "file name"


def top_heading(blocks: list[Block]) -> Block | None:
    """A body's first block when it is a heading over all the others (a CMS fragment that opens
    with ``<h2>Stomach Pain After Running: …</h2>`` over ``<h3>`` sections): its headline."""
    headings = [b for b in blocks if b.kind == "heading"]
    if not blocks or blocks[0].kind != "heading":
        return None
    top = blocks[0]
    if len(headings) == 1:  # the one heading, first, over the whole column: its headline
        return top if len(top.text.split()) >= 5 and len(blocks) >= 3 else None
    deeper = all(h.level > top.level for h in headings[1:])
    # (or a headline by its shape, over sections at its own level: "The 7 Injuries We Hear About
    # Most at the Fitting Bench (and 9 Fixes That Help)")
    headline = len(top.text.split()) >= 7 and bool(re.search(r"\b\d+\s+[A-Za-z].*[(:]", top.text))
    return top if (deeper or headline) and len(top.text.split()) >= 3 else None


def title_from_file(path: str | Path, blocks: list[Block]) -> Block | None:
    """A title made from the file's name ("knee-pain_after-running.html" → "Knee pain after
    running") for a post exported without its title (a CMS stores it apart from the body),
    when the text has the structure of an article: a heading and more. None otherwise."""
    if not any(b.kind == "heading" for b in blocks) or len(blocks) < 3:
        return None
    words = re.sub(r"[-_\s]+", " ", Path(path).stem).strip()
    if not re.search(r"[^\W\d_]{3,}", words):
        return None
    return Block("heading", 1, words[:1].upper() + words[1:], level=1)


# The opening fragment of a paragraph whose bold was lost: "Tired legs. Late in a long run, …"
_FRAGMENT = re.compile(
    r"^([A-Z][\w'’-]*(?:,?\s+[\w'’-]+){0,5}"
    # a command may run longer: "Keep your fitness on the bike or in the pool."
    r"|(?:Keep|Leave|Swap|Add|Build|Cut|Drop|Try|Use|Get|Take|Make|Start|Stop|Avoid|Change|Wear"
    r"|Rest|Ice|Stretch|Strengthen|Switch|Sleep|See|Give|Mix|Work|Ease|Load|Replace|Rotate"
    r"|Limit|Reduce|Skip|Shorten|Slow|Warm|Foam)\s+[\w'’-]+(?:,?\s+[\w'’-]+){5,8})"
    r"\.\s+(\S.{20,})$"
)
# "Muscle fatigue: This is the strongest explanation …", among others like it.
_COLON_FRAGMENT = re.compile(r"^([A-Z][\w'’-]*(?:,?\s+[\w'’-]+){0,5}):\s+(\S.{20,})$")
_DASH_FRAGMENT = re.compile(
    r"^([A-Z][\w'’-]*(?:\s+[\w'’-]+){0,5}(?:\s+\([^()]{1,80}\))?)\s+[-–—]\s+([a-z]\S*\s.{15,})$"
)
# Words a label does not hold: "Apparently I'm in good company: …" is a sentence.
_PERSONAL = re.compile(r"\b(?:I|I['’]m|I['’]ve|my|me|we|our|it|is|are|was|were)\b", re.I)
# Labels of a page's own parts, not of the article's items: "About the author: …".
_PAGE_LABEL = re.compile(
    r"^(?:When|About|Related|Note|Disclaimer|Sources?|References?|Read|Share|Posted|Tags?|Filed"
    r"|Categor(?:y|ies)|Updated|Published|By|Photo|Image|Credit|Editor|Contact|Phone|Email|Call"
    r"|Address|Location|Hours|Follow|Subscribe|Listen|Watch|Download)\b",
    re.IGNORECASE,
)
# Words that open a sentence, not a label ("It hurts. …", "Don't panic. …").
_NOT_A_LABEL = re.compile(
    r"^(?:I|I'm|It|It's|This|That|These|Those|They|We|You|Your|He|She|There|Here|So|But|And"
    r"|Yes|No|Don't|Do|Did|Trust|Sadly|Luckily|Honestly|Then|Now|Still|Also|Ouch|Well)\b"
)


def label_sentence_leads(blocks: list[Block]) -> list[Block]:
    """Read paragraphs that open with a short label sentence ("A previous sprain. The single
    biggest …"), two or more in a row, as labelled paragraphs: their bold was lost."""
    leads = [_fragment(b) for b in blocks]
    colons = [_colon_fragment(b) for b in blocks]
    out = list(blocks)
    for index, lead in enumerate(leads):
        neighbours = leads[max(0, index - 1) : index] + leads[index + 1 : index + 2]
        alone = lead is not None and _COLON_LABEL.match(blocks[index].text) is not None
        if lead is None and colons[index]:
            # "Muscle fatigue: This is …" over "Heat: Hot days …": labels, each beside another
            neighbours = colons[max(0, index - 1) : index] + colons[index + 1 : index + 2]
            lead = colons[index]
        if lead and (alone or any(neighbours)):
            block = blocks[index]
            out[index] = Block(
                "paragraph", block.line, block.text, lead=lead[0], after_lead=lead[1]
            )
    return out


def _colon_fragment(block: Block) -> tuple[str, str] | None:
    if block.kind != "paragraph":
        return None
    # ("Hip flexor strain - pain at the front of the hip, …": a dash serves as the colon)
    found = _COLON_FRAGMENT.match(block.text) or _DASH_FRAGMENT.match(block.text)
    label = found.group(1) if found else ""
    if (
        not found
        or _NOT_A_LABEL.match(label)
        or _PERSONAL.search(label)
        or _PAGE_LABEL.match(label)
    ):
        return None
    return found.group(1), found.group(2)


def _fragment(block: Block) -> tuple[str, str] | None:
    if block.kind != "paragraph":
        return None
    label = _COLON_LABEL.match(block.text)
    if label:  # "Treatment: For footwear problems, …": a label the page had in bold
        return label.group(1), label.group(2)
    found = _FRAGMENT.match(block.text)
    if not found or _NOT_A_LABEL.match(found.group(1)):
        return None
    return found.group(1), found.group(2)


# The label of a part of a page that had it in bold, before a colon: "Treatment: For …".
_COLON_LABEL = re.compile(
    r"^((?:Treatment|Treatments|Prevention|Self-care|Self care|Management|Rehab|Rehabilitation"
    r"|Recovery|Home care|Home treatment|What to do|Causes|Symptoms|Diagnosis)):\s+(\S.{30,})$"
)


# A WordPress FAQ shortcode left in an export: "[sc_fs_faq … question="Can I run?" …]Yes, …
# [/sc_fs_faq]", "[faq question="…"]…[/faq]", or the answer in an ``answer="…"`` attribute.
_SHORTCODE_QA = re.compile(
    r"^\[(?P<tag>[a-z][\w-]*)\b[^\]]*?\bquestion(?:-\d+)?=[\"\u201c\u201d](?P<q>[^\"\u201c\u201d]+)"
    r"[\"\u201c\u201d][^\]]*?(?:\banswer(?:-\d+)?=[\"\u201c\u201d](?P<a>[^\"\u201c\u201d]*)[\"\u201c\u201d])?"
    r"[^\]]*\](?P<body>.*?)(?:\[/(?P=tag)\])?$",
    re.IGNORECASE,
)


def shortcode_questions(blocks: list[Block]) -> list[Block]:
    """*blocks* with each paragraph that is a FAQ shortcode made a question and its answer."""
    if not any(b.text.startswith("[") for b in blocks):
        return blocks
    out = []
    for block in blocks:
        found = _SHORTCODE_QA.match(block.text) if block.kind == "paragraph" else None
        if found is None:
            out.append(block)
            continue
        answer = collapse(found.group("a") or found.group("body") or "")
        out.append(
            Block("qa", block.line, collapse(found.group("q")), answer=((block.line, answer),))
        )
    return out


# A paragraph that counts itself: "First, keep your mileage flat …", "And fifth, when you …".
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORDINAL_OPEN = re.compile(
    r"^(?:and\s+)?(" + "|".join(_ORDINALS) + r")(?:ly)?,\s+(\S.*)$", re.IGNORECASE | re.DOTALL
)


def ordinal_items(blocks: list[Block]) -> list[Block]:
    """*blocks* with each run of three or more paragraphs that count themselves ("First, …",
    "Second, …", "Third, …") made the items of a numbered list, as a reader takes them."""
    if not any(b.kind == "paragraph" and b.text[:6].lower() == "first," for b in blocks):
        return blocks
    out, index = list(blocks), 0
    while index < len(out):
        run: list[tuple[int, re.Match[str]]] = []
        for at in range(index, len(out)):
            found = _ORDINAL_OPEN.match(out[at].text) if out[at].kind == "paragraph" else None
            if found is None or _ORDINALS.index(found.group(1).lower()) != len(run):
                break
            run.append((at, found))
        if len(run) < 3:
            index += 1
            continue
        for number, (at, found) in enumerate(run, start=1):
            rest = found.group(2)
            out[at] = Block(
                "item", out[at].line, rest[:1].upper() + rest[1:], ordered=True, number=number
            )
        index = run[-1][0] + 1
    return out


# An outline's numbers before a heading: "2.1 Overuse injuries", "2.1.1 Gluteal tendinopathy"
_OUTLINE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+(?=\S)")
_OUTLINE_TOP = re.compile(r"^\d{1,2}\.\s+(?=\S)")


def outline_numbers_dropped(blocks: list[Block]) -> list[Block]:
    """*blocks* with the numbers of headings numbered as an outline ("2. Common causes", "2.1
    Overuse injuries", "2.1.1 Gluteal tendinopathy") taken off: those are sections, not the
    numbered items of a listicle. Two outline numbers at least make an outline."""
    headings = [b for b in blocks if b.kind == "heading"]
    if sum(bool(_OUTLINE.match(b.text)) for b in headings) < 2:
        return blocks
    return [
        replace(b, text=_OUTLINE_TOP.sub("", _OUTLINE.sub("", b.text)))
        if b.kind == "heading"
        else b
        for b in blocks
    ]
