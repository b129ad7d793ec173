"""Tests of the quality-gate helpers in ``tests/helpers/`` on small fixture files.

Everything is written into ``tmp_path``; nothing touches the network.  Missing
tools (chromium, java, poppler, the npm tools) make these tests fail, never
skip: CI installs them with ``make test``.
"""

from __future__ import annotations

import base64
import getpass
import os
import shutil
import socket
import struct
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.html_validation import run_vnu
from helpers.pdf_checks import (
    normalize_text,
    parse_pdffonts,
    pdf_fonts,
    pdf_link_uris,
    pdf_metadata,
    pdf_outline_titles,
    pdf_page_count,
    pdf_page_size_mm,
    pdf_text,
)
from helpers.privacy_scan import default_private_needles, find_private_strings
from helpers.tool_paths import AXE_JS, CHROMIUM, VNU_JAR


def _png(width: int, height: int, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid, tiny, solid-colour PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


PNG_URI = "data:image/png;base64," + base64.b64encode(_png(4, 3)).decode()


def page(body: str, *, head: str = "", lang: str | None = "en", title: str = "Fixture") -> str:
    """A complete HTML document around ``body``."""
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f'<!DOCTYPE html>\n<html{lang_attr}>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


CLEAN_BODY = f"""<main>
<h1>Running and resting heart rate</h1>
<p>Plain text with a <a href="#figure">link to the figure</a> and “typographic” quotes.</p>
<figure id="figure"><img src="{PNG_URI}" alt="A red square" width="40" height="30">
<figcaption>Figure 1. A red square.</figcaption></figure>
<noscript><p>No script needed.</p></noscript>
</main>"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- #
# Tools
# --------------------------------------------------------------------------- #


def test_tools_are_installed():
    """Fail loudly (not skip) when CI forgot a tool."""
    assert CHROMIUM.exists(), f"{CHROMIUM}: apt-get install chromium"
    assert shutil.which("java"), "apt-get install default-jre-headless"
    assert shutil.which("pdffonts") and shutil.which("pdftotext"), "apt-get install poppler-utils"
    assert AXE_JS.is_file(), f"{AXE_JS}: make npm-tools"
    assert VNU_JAR.is_file(), f"{VNU_JAR}: make npm-tools"


# --------------------------------------------------------------------------- #
# Browser: offline inspection
# --------------------------------------------------------------------------- #


@pytest.mark.browser
def test_a_page_cannot_reach_into_the_next_check(browser, tmp_path):
    """One tab serves every check: a pop-up the last page opened is closed, a page
    still looping is replaced."""
    clean = write(tmp_path, "clean.html", page(CLEAN_BODY, title="Clean report"))
    popup = write(
        tmp_path,
        "popup.html",
        page(
            "<p>Pop.</p><script>if (!window.opener) { "
            "window.open(location.href); } else { setInterval(() => "
            "{ new Image().src = 'https://leak.example/x?' + Math.random(); }, 50); }</script>"
        ),
    )
    assert browser.inspect_page(popup).scripts_run
    after = browser.inspect_page(clean)
    assert after.ok and after.blocked_requests == [], after.problems()
    looping = write(
        tmp_path,
        "loop.html",
        page(
            f"<p>Loop.</p><script>setTimeout(() => {{ while (true) {{}} }}, "
            f"{browser.settle_ms + 500});</script>"
        ),
    )
    browser.inspect_page(looping)
    time.sleep(1)  # the loop has started
    after = browser.inspect_page(clean)
    assert after.ok, after.problems()


def test_clean_page_has_no_problems(browser, tmp_path):
    html = write(tmp_path, "clean.html", page(CLEAN_BODY, title="Clean report"))
    shot = tmp_path / "shots" / "clean.png"

    report = browser.inspect_page(html, shot, with_axe=True)

    assert report.problems() == []
    assert report.ok
    assert report.title == "Clean report"
    assert report.blocked_requests == [] and report.unrouted_requests == []
    assert report.console_errors == [] and report.page_errors == [] and report.dialogs == []
    assert report.scripts_run == [] and report.script_markup == []
    assert not report.dom_changed
    assert report.images == [("A red square", 4)]
    assert report.axe_violations == []
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG") and struct.unpack(">I", png[16:20])[0] == 1280


@pytest.mark.browser
def test_hostile_page_is_blocked_and_recorded(browser, tmp_path):
    body = (
        '<main><h1>Hi</h1><img src="https://example.com/x.png" alt="x"></main>'
        "<script>alert(1)</script>"
    )
    report = browser.inspect_page(write(tmp_path, "hostile.html", page(body)))

    assert report.blocked_requests == ["https://example.com/x.png"]
    assert report.dialogs == [("alert", "1")]
    assert len(report.scripts_run) == 1 and "alert(1)" in report.scripts_run[0]
    assert report.script_markup == ["script inline 8 chars type=text/javascript"]
    assert report.broken_images == ["x"]
    assert report.console_errors == []  # our own blocking is not a console error
    assert not report.ok
    assert "dialog alert: '1'" in report.problems()


LEAKS = {
    "stylesheet": (
        '<link rel="stylesheet" href="https://cdn.example.org/a.css">',
        "https://cdn.example.org/a.css",
    ),
    "script-src": (
        '<script src="https://cdn.example.org/a.js"></script>',
        "https://cdn.example.org/a.js",
    ),
    "iframe": (
        '<iframe src="https://example.net/frame" title="f"></iframe>',
        "https://example.net/frame",
    ),
    "css-import": (
        "<style>@import url(https://fonts.example.org/f.css);</style>",
        "https://fonts.example.org/f.css",
    ),
    "css-background": (
        '<div style="background:url(http://img.example.org/bg.png);height:9px"></div>',
        "http://img.example.org/bg.png",
    ),
    "srcset": (
        '<img alt="s" srcset="https://img.example.org/s.png 1x">',
        "https://img.example.org/s.png",
    ),
    "other-local-file": ('<img alt="f" src="file:///etc/hostname">', "file:///etc/hostname"),
    "sibling-file": ('<img alt="s" src="sibling.png">', "sibling.png"),
    "fetch": (
        "<script>fetch('https://api.example.org/t?x=1').catch(() => 0)</script>",
        "https://api.example.org/t?x=1",
    ),
    "beacon": (
        "<script>navigator.sendBeacon('https://b.example.org/b', 'x')</script>",
        "https://b.example.org/b",
    ),
    "websocket": ("<script>new WebSocket('ws://127.0.0.1:9/ws')</script>", "ws://127.0.0.1:9/ws"),
    "meta-refresh": (
        '<meta http-equiv="refresh" content="0; url=https://r.example.org/">',
        "https://r.example.org/",
    ),
}


@pytest.mark.browser
@pytest.mark.parametrize("vector", sorted(LEAKS))
def test_every_kind_of_request_is_blocked(browser, tmp_path, vector):
    markup, expected = LEAKS[vector]
    (tmp_path / "sibling.png").write_bytes(_png(2, 2))
    if expected == "sibling.png":
        expected = (tmp_path / "sibling.png").as_uri()
    html = write(tmp_path, "leak.html", page(f"<main><h1>Leak</h1>{markup}</main>"))

    report = browser.inspect_page(html)

    assert report.blocked_requests == [expected]
    assert report.unrouted_requests == []


@pytest.mark.browser
def test_script_changes_and_handlers_are_detected(browser, tmp_path):
    body = (
        "<main><h1>Changed</h1>"
        '<img alt="b" src="data:image/png;base64,AAAA" onerror="document.title = \'owned\'">'
        "<p id=p>text</p></main>"
        "<script>debugger; document.getElementById('p').textContent = 'rewritten'</script>"
    )
    report = browser.inspect_page(write(tmp_path, "changed.html", page(body, title="Orig")))

    assert report.title == "owned"  # the onerror handler ran before `load`
    assert report.dom_changed and "<title>owned</title>" in report.dom_change_excerpt
    assert (
        len(report.scripts_run) == 2
    )  # the <script> (despite `debugger;`) and the onerror handler
    assert "img[onerror]" in report.script_markup
    assert report.broken_images == ["b"]


@pytest.mark.browser
def test_json_ld_data_block_is_the_only_script_allowed(browser, tmp_path):
    block = (
        '<script type="application/ld+json">'
        '{"@type": "ClaimReview", "x": "\\u003c/script\\u003e"}</script>'
    )
    report = browser.inspect_page(write(tmp_path, "json-ld.html", page(CLEAN_BODY, head=block)))

    assert report.script_markup == ["script inline 52 chars type=application/ld+json"]
    assert report.scripts_run == [] and report.foreign_script_markup == []
    assert report.json_ld == [{"@type": "ClaimReview", "x": "</script>"}]
    assert report.ok, report.problems()


@pytest.mark.browser
@pytest.mark.parametrize(
    "block, problem",
    [
        # Inert, but not JSON-LD: still a problem (the gate allows exactly one kind of script).
        (
            '<script type="application/json">{"alert": "(1)"}</script>',
            "script markup: script inline 16 chars type=application/json",
        ),
        (
            '<script type="APPLICATION/LD+JSON">{}</script>',
            "script markup: script inline 2 chars type=APPLICATION/LD+JSON",
        ),
        (
            '<script type="application/ld+json" src="data:application/json,{}"></script>',
            "script markup: script[src=data:application/json,{}] type=application/ld+json",
        ),
        ('<script type="application/ld+json">{"a": </script>', "JSON-LD block is not valid JSON"),
    ],
)
def test_other_data_blocks_and_bad_json_ld_fail(browser, tmp_path, block, problem):
    report = browser.inspect_page(write(tmp_path, "block.html", page(CLEAN_BODY, head=block)))

    assert report.scripts_run == []
    assert problem in report.problems()
    assert not report.ok


@pytest.mark.browser
def test_layout_is_measured_at_the_viewport_width(browser, tmp_path):
    body = CLEAN_BODY.replace(
        "</main>",
        '<p style="width:500px">A wide paragraph.</p>'
        '<div style="overflow-x:auto"><p style="width:900px">Scrolls in its box.</p></div></main>',
    )
    head = (
        "<style>body{margin:0} main{padding:0 10px} figure{margin:0} "
        "figure img{width:50%;height:auto}</style>"
    )
    report = browser.inspect_page(write(tmp_path, "wide.html", page(body, head=head)), width=360)

    assert report.viewport_width == 360 and report.page_width == 510
    assert report.overflowing == [
        "p [10, 510]"
    ]  # the paragraph scrolled in its own box is not counted
    assert report.figure_images == [("figure", 170.0, 340.0)]
    assert "page is 510 px wide in a 360 px viewport" in report.problems()


@pytest.mark.browser
def test_colour_scheme_and_motion_are_emulated(browser, tmp_path):
    head = (
        "<style>body{background:#fff} @media (prefers-color-scheme: dark){body{background:#000}}"
        "@media (prefers-reduced-motion: no-preference){html{scroll-behavior:smooth}}</style>"
    )
    html = write(tmp_path, "schemes.html", page(CLEAN_BODY, head=head))
    background = "getComputedStyle(document.body).backgroundColor"
    assert browser.evaluate(html, background) == "rgb(255, 255, 255)"
    assert browser.evaluate(html, background, color_scheme="dark") == "rgb(0, 0, 0)"
    behaviour = "getComputedStyle(document.documentElement).scrollBehavior"
    assert browser.evaluate(html, behaviour) == "auto"  # the gate's default: reduced motion
    assert browser.evaluate(html, behaviour, reduced_motion="no-preference") == "smooth"


@pytest.mark.browser
def test_accessibility_tree_is_in_reading_order(browser, tmp_path):
    body = (
        '<main><h1>Tree</h1><table><caption>Cap</caption><thead><tr><th scope="col">a</th>'
        '<th scope="col">b</th></tr></thead><tbody><tr>'
        '<th scope="row">1</th><td>x</td></tr></tbody></table></main>'
    )
    tree = browser.accessibility_tree(write(tmp_path, "tree.html", page(body)), width=360)

    roles = [
        (role, name)
        for role, name in tree
        if role in {"heading", "table", "columnheader", "rowheader", "cell"}
    ]
    assert roles == [
        ("heading", "Tree"),
        ("table", "Cap"),
        ("columnheader", "a"),
        ("columnheader", "b"),
        ("rowheader", "1"),
        ("cell", "x"),
    ]


@pytest.mark.browser
def test_broken_and_lazy_images(browser, tmp_path):
    body = (
        '<main><h1>Images</h1><img alt="broken" src="data:image/png;base64,iVBORw0KGgoAAAA">'
        f'<div style="height:5000px"></div><img alt="lazy" loading="lazy" src="{PNG_URI}"></main>'
    )
    report = browser.inspect_page(write(tmp_path, "images.html", page(body)))

    assert report.images == [("broken", 0), ("lazy", 4)]
    assert report.broken_images == ["broken"]
    assert report.blocked_requests == []


@pytest.mark.browser
def test_page_error_and_console_error(browser, tmp_path):
    body = (
        "<main><h1>Errors</h1></main>"
        "<script>console.error('bad thing'); undefinedFunction()</script>"
    )
    report = browser.inspect_page(write(tmp_path, "errors.html", page(body)))

    assert report.console_errors == ["bad thing (" + report.url + ")"]
    assert len(report.page_errors) == 1 and "undefinedFunction" in report.page_errors[0]


# --------------------------------------------------------------------------- #
# Browser: axe-core
# --------------------------------------------------------------------------- #


@pytest.mark.browser
def test_axe_finds_missing_lang_and_alt(browser, tmp_path):
    html = write(
        tmp_path, "a11y.html", page(f'<main><h1>A11y</h1><img src="{PNG_URI}"></main>', lang=None)
    )

    violations = browser.run_axe(html)

    ids = {v["id"] for v in violations}
    assert {"html-has-lang", "image-alt"} <= ids
    image_alt = next(v for v in violations if v["id"] == "image-alt")
    assert image_alt["impact"] == "critical" and image_alt["nodes"] == ["img"]


@pytest.mark.browser
def test_axe_runs_despite_csp_and_amd_loader(browser, tmp_path):
    head = (
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; img-src data:\">\n"
        "<script>window.define = function () {}; window.define.amd = true;</script>\n"
    )
    html = write(tmp_path, "csp.html", page(CLEAN_BODY, head=head))

    assert browser.run_axe(html) == []


# --------------------------------------------------------------------------- #
# Nu Html Checker
# --------------------------------------------------------------------------- #


def test_vnu_reports_errors_of_the_invalid_file_only(tmp_path):
    valid = write(tmp_path, "valid.html", page(CLEAN_BODY))
    invalid = write(
        tmp_path, "in valid.html", "<html>\n<body>\n<div><p>oops</span>\n<img src=x>\n</body>"
    )

    errors = run_vnu([valid, invalid])

    assert errors, "vnu found nothing in an invalid document"
    assert {e["file"] for e in errors} == {str(invalid)}
    assert all(isinstance(e["line"], int) and e["type"].startswith("error") for e in errors)
    messages = " | ".join(e["message"] for e in errors)
    assert "Stray end tag" in messages and "alt" in messages


def test_vnu_missing_jar_fails(tmp_path):
    with pytest.raises(FileNotFoundError, match="npm-tools"):
        run_vnu([write(tmp_path, "x.html", page("<p>x</p>"))], jar=tmp_path / "missing.jar")


# --------------------------------------------------------------------------- #
# PDF
# --------------------------------------------------------------------------- #

PDF_HTML = page(
    """<h1>Running and health</h1>
<p>Read the <a href="https://doi.org/10.1000/x">original study</a> before drawing conclusions.</p>
<p class="narrow">characterisation internationalisation ﬁnal</p>
<h2>Resting heart rate</h2><p>Lower is usually better.</p>
<h2>Injury risk</h2><h3>Overuse</h3><p>Second page.</p>""",
    head="""<style>
@page { size: A4; margin: 20mm }
body { font-family: "DejaVu Sans", sans-serif }
.narrow { width: 28mm; hyphens: auto }
h2 { break-before: page }
</style>""",
    title="Quality fixture",
)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    from weasyprint import HTML

    path = tmp_path_factory.mktemp("pdf") / "fixture.pdf"
    HTML(string=PDF_HTML).write_pdf(path)
    return path


def test_pdf_fonts_are_embedded(pdf):
    fonts = pdf_fonts(pdf)
    assert fonts
    assert all(f["emb"] for f in fonts), fonts
    assert any("DejaVu" in f["name"] for f in fonts)


def test_pdf_outline_links_pages_and_size(pdf):
    assert pdf_outline_titles(pdf) == [
        "Running and health",
        "Resting heart rate",
        "Injury risk",
        "Overuse",
    ]
    assert pdf_link_uris(pdf) == ["https://doi.org/10.1000/x"]
    assert pdf_page_count(pdf) == 3
    assert pdf_page_size_mm(pdf) == pytest.approx((210.0, 297.0), abs=0.5)
    meta = pdf_metadata(pdf)
    assert meta["title"] == "Quality fixture" and meta["lang"] == "en"


def test_pdf_text_normalized(pdf):
    raw = pdf_text(pdf)
    text = pdf_text(pdf, normalize=True)
    assert "\n" in raw and "\n" not in text
    assert "Read the original study before drawing conclusions." in text
    assert "characterisation internationalisation final" in text  # hyphenation and ligature undone
    assert normalize_text("Resting  heart\nrate") in text


PDFFONTS_OUTPUT = """\
name                                 type              encoding         emb sub uni object ID
------------------------------------ ----------------- ---------------- --- --- --- ---------
ABCDEF+DejaVu Sans Mono              CID TrueType      Identity-H       yes yes yes     12  0
[none]                               Type 3            Custom           yes no  no      30  0
Helvetica                            Type 1            WinAnsi          no  no  no       7  0
"""


def test_parse_pdffonts_columns():
    fonts = parse_pdffonts(PDFFONTS_OUTPUT)
    assert [f["name"] for f in fonts] == ["ABCDEF+DejaVu Sans Mono", "[none]", "Helvetica"]
    assert [f["type"] for f in fonts] == ["CID TrueType", "Type 3", "Type 1"]
    assert [f["emb"] for f in fonts] == [True, True, False]
    assert fonts[1]["sub"] is False and fonts[0]["object"] == "12  0"
    assert parse_pdffonts("") == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("characterisa\u2010\ntion", "characterisation"),
        ("soft\u00ad\nhyphen", "softhyphen"),
        ("well-\nknown", "well-known"),
        ("ﬁve\u00a0km\f\n page", "five km page"),
        ("  a\t\tb\r\n", "a b"),
        ("zero\u200bwidth", "zerowidth"),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


# --------------------------------------------------------------------------- #
# Privacy
# --------------------------------------------------------------------------- #


def test_find_private_strings_in_text_binary_and_compressed_files(tmp_path):
    secret, host = "/secret/build-dir", "box-7f3a9c"
    out = tmp_path / "exports"
    (out / "figures").mkdir(parents=True)
    (out / "clean.html").write_text("<p>the square root of a box and a secret build</p>")
    (out / "leak.html").write_text(f'<img src="file://{secret}/fig.png">')
    (out / "figures" / "fig.png").write_bytes(_png(1, 1) + f"tEXtSource\0{host}".encode())
    (out / "escaped.json").write_text('{"path": "' + secret.replace("/", "\\/") + '"}')
    (out / "utf16.txt").write_bytes(f"made on {host}".encode("utf-16-le"))
    stream = zlib.compress(f"BT ({secret}/x) Tj ET".encode())
    (out / "report.pdf").write_bytes(
        b"%PDF-1.7\n1 0 obj\n<< /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\n%%EOF\n"
    )
    with zipfile.ZipFile(out / "bundle.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("inner.txt", f"host={host}")
    (out / "link").symlink_to(f"{secret}/target")

    hits = find_private_strings(out, [secret, host, "never-present"])

    assert hits == sorted(
        [
            (out / "bundle.zip", host),
            (out / "escaped.json", secret),
            (out / "figures" / "fig.png", host),
            (out / "leak.html", secret),
            (out / "link", secret),
            (out / "report.pdf", secret),
            (out / "utf16.txt", host),
        ],
        key=lambda hit: (str(hit[0]), hit[1]),
    )
    assert find_private_strings(out / "clean.html", [secret, host]) == []


@settings(max_examples=1000)
@given(
    blob=st.binary(max_size=80),
    needle=st.binary(min_size=1, max_size=12),
    at=st.integers(0, 80),
    plant=st.booleans(),
    utf16=st.sampled_from(["", "utf-16-be", "utf-16-le"]),
)
def test_utf16_search_finds_exactly_what_in_finds(blob, needle, at, plant, utf16):
    """The fast search (through the even and odd bytes) agrees with ``needle in blob``,
    NUL-heavy data included."""
    from helpers.privacy_scan import _Haystack

    if utf16:  # a UTF-16 needle, as the privacy scan makes them, over data full of NULs
        needle = needle.decode("latin-1").encode(utf16)
        blob = blob.replace(b"\xff", b"\x00")
    if plant:
        blob = blob[:at] + needle + blob[at:]
    assert _Haystack(blob).contains(needle) == (needle in blob)


def test_default_private_needles():
    needles = default_private_needles(["/my/extra"])
    assert str(Path.home()) in needles
    assert tempfile.gettempdir().rstrip(os.sep) + os.sep in needles
    assert needles[-1] == "/my/extra" and len(needles) == len(set(needles))
    user = getpass.getuser()
    assert f"{user}@" in needles
    assert "root" not in needles  # would match "square root"
    host = socket.gethostname()
    if len(host) >= 4 and host != "localhost":
        assert host in needles
    assert all(len(n) >= 3 and n != "/" for n in needles)


def test_weasyprint_pdf_leaks_nothing(pdf):
    assert find_private_strings(pdf.parent, default_private_needles()) == []
