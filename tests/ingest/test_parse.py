"""The article parser: the seed exactly, other shapes, and every error case."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.articles import make_article, write_article
from runreport.errors import ArticleError
from runreport.ingest.parse import MAX_BYTES, parse_article

SEED_CAUSES = [
    (1, "Slouching And Weak Muscles", 8),
    (2, "Lots Of Work, Same Moves", 16),
    (3, "Accidents Lead To Injuries", 22),
    (4, "Discs Pressing", 29),
    (5, "Squeezed Nerves", 33),
    (6, "Curvy Spine Hurts", 40),
    (7, "Bones Wearing Down Overtime", 45),
]
SEED_TIPS = [
    (1, "Exercise More", 52),
    (2, "Keep A Healthy Weight", 55),
    (3, "Quit Smoking", 58),
    (4, "Sleep Right", 61),
    (5, "Watch Your Posture", 64),
    (6, "Use The Right Desk", 66),
    (7, "Take Breaks", 68),
    (8, "Lift Things Carefully", 70),
    (9, "Wear The Right Shoes", 72),
]


def test_seed_title_and_sections(seed_article):
    assert seed_article.title == "Upper Back Sore After Running? (7 Reasons + Tips To Avoid It)"
    assert [(s.key, s.line) for s in seed_article.sections] == [
        ("intro", 1),
        ("reasons", 6),
        ("tips", 50),
        ("conclusion", 75),
        ("faq", 79),
    ]
    assert seed_article.section("reasons").announced == 7
    assert seed_article.section("tips").announced == 9


def test_seed_causes_and_tips(seed_article):
    assert [(i.number, i.title, i.line) for i in seed_article.causes] == SEED_CAUSES
    assert [(i.number, i.title, i.line) for i in seed_article.tips] == SEED_TIPS
    # Related-article lines are not body text.
    assert all("Related Article" not in i.body for i in seed_article.causes + seed_article.tips)
    assert seed_article.causes[0].body.startswith("After you get off a jog")
    assert seed_article.tips[8].body.endswith("WHITIN Women’s Barefoot & Minimalist Shoes.")


def test_seed_faqs(seed_article):
    assert [(q.number, q.title, q.line) for q in seed_article.faqs] == [
        (1, "Why does my upper back hurt after running?", 80),
        (2, "Why is my upper body sore after running?", 82),
        (3, "What is a red flag for upper back pain?", 84),
    ]
    assert "19% of runners" in seed_article.faqs[0].body


def test_seed_claims(seed_article):
    got = [(c.line, c.value, c.unit, c.section) for c in seed_article.claims]
    assert got == [
        (2, 14.0, "%", "intro"),
        (17, 65.0, "%", "reasons"),
        (26, 17.8, "injuries per 1000 hours", "reasons"),
        (27, 7.7, "injuries per 1000 hours", "reasons"),
        (81, 19.0, "%", "faq"),
    ]
    by_line = {c.line: c for c in seed_article.claims}
    assert by_line[2].quote == "Research says 14% of runners have a bad back."
    assert (
        by_line[81].quote
        == "Also, there’s no need to panic because about 19% of runners have back pain."
    )
    assert by_line[2].subject == by_line[81].subject == "runners"
    assert by_line[26].item == 3


def test_seed_references(seed_article):
    related = [(r.line, r.section) for r in seed_article.references if r.kind == "related"]
    assert related == [
        (11, "reasons"),
        (13, "reasons"),
        (21, "reasons"),
        (44, "reasons"),
        (54, "tips"),
        (57, "tips"),
        (60, "tips"),
    ]
    titles = {r.line: r.title for r in seed_article.references}
    # Line 13 opens with “ and closes with “ (mismatched): still one clean title.
    assert titles[13] == "Can Running Increase Height? (7 Useful Ways To Achieve It)"
    quoted = [(r.line, r.title) for r in seed_article.references if r.kind == "quoted"]
    assert quoted == [
        (77, "Reverse Back and Shoulder Pain: Effective Home Exercises for Back and Shoulder Pain"),
        (78, "11 Best Barefoot Running Shoes For Women (Runner’s Tested)"),
    ]


def test_advice_quantities_and_titles_are_not_claims(seed_article):
    lines = {c.line for c in seed_article.claims}
    assert 69 not in lines  # "two minutes … every 20 minutes" is advice
    assert 54 not in lines  # "Running 3 Times A Week" is a related-article title
    assert 6 not in lines and 50 not in lines  # counts in headings


@pytest.mark.parametrize(
    "shape",
    [
        dict(reasons=1, tips=1, faqs=0),
        dict(reasons=5, tips=20, faqs=3, title_counts="both"),
        dict(reasons=4, tips=6, blank_lines=True),
        dict(
            reasons=2,
            tips=3,
            related=False,
            claims=False,
            conclusion=False,
            faqs=0,
            title_counts="none",
        ),
        dict(reasons=3, tips=2, body_lines=4),
    ],
)
def test_other_shapes(tmp_path, shape):
    path = write_article(tmp_path, **shape)
    article = parse_article(path)
    assert [i.number for i in article.causes] == list(range(1, shape["reasons"] + 1))
    assert [i.number for i in article.tips] == list(range(1, shape["tips"] + 1))
    assert len(article.faqs) == shape.get("faqs", 2)
    assert article.tips[-1].title == f"Tip Number {shape['tips']}"
    related = [r for r in article.references if r.kind == "related"]
    assert len(related) == (1 if shape.get("related", True) else 0)
    if shape.get("claims", True):
        units = [(c.value, c.unit) for c in article.claims]
        assert units[:2] == [(22.0, "%"), (12.5, "injuries per 1000 hours")]
        if shape.get("faqs", 2):
            assert units[2] == (25.0, "%")  # "1 in 4", as a percentage
    else:
        assert article.claims == []
    assert article.section("conclusion") is not None or not shape.get("conclusion", True)


@pytest.mark.parametrize("encoding", ["crlf", "bom", "bom+crlf", "cr", "trailing"])
def test_line_endings_bom_and_trailing_spaces(tmp_path, encoding, seed_article):
    text = make_article(reasons=3, tips=4)
    if "crlf" in encoding:
        text = text.replace("\n", "\r\n")
    if encoding == "cr":
        text = text.replace("\n", "\r")
    if encoding == "trailing":
        text = text.replace("\n", "   \t\n")
    data = text.encode("utf-8")
    if "bom" in encoding:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    article = parse_article(path)
    assert article.title.startswith("Knee Pain After Cycling?")
    assert [i.line for i in article.causes] == [4, 7, 9]


def test_hostile_text_is_kept_verbatim(tmp_path):
    text = make_article(topic="<script>alert(1)</script> {{ 7*7 }}")
    article = parse_article(tmp_path / "h.txt", text)
    assert article.title.startswith("<script>alert(1)</script> {{ 7*7 }}?")


def error_of(tmp_path, data: bytes | str) -> ArticleError:
    path = tmp_path / "broken.txt"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    with pytest.raises(ArticleError) as info:
        parse_article(path)
    assert info.value.path == str(path)
    return info.value


def test_error_empty_and_blank(tmp_path):
    assert error_of(tmp_path, b"").message == "the article is empty"
    assert error_of(tmp_path, "\n  \n\n").line == 1


def test_error_binary(tmp_path):
    err = error_of(tmp_path, b"Title\nline two\n\x89PNG\x00\x00")
    assert (err.line, "binary" in err.message) == (3, True)


def test_error_not_utf8(tmp_path):
    err = error_of(tmp_path, b"Title\nok\n" + "caf\xe9\n".encode("latin-1"))
    assert err.line == 3 and "UTF-8" in err.message


def test_error_too_large(tmp_path):
    err = error_of(tmp_path, b"x" * (MAX_BYTES + 1))
    assert "the most an article may have" in err.message


def test_error_control_character(tmp_path):
    err = error_of(tmp_path, make_article().replace("Reason 2 explains", "Reason 2 \x07explains"))
    assert "U+0007" in err.message and err.line == 8


def test_causes_heading_variants_and_title_only_list(tmp_path):
    # "Causes of …" is a causes heading; with no heading at all, the title's "(3 Reasons …)"
    # announces the list.
    for text, heading, lines in (
        (
            make_article().replace("3 Reasons For", "Causes of"),
            "Causes of Knee Pain After Cycling",
            [4, 7, 9],
        ),
        (make_article().replace("3 Reasons For Knee Pain After Cycling\n", ""), "", [3, 6, 8]),
    ):
        article = parse_article(tmp_path / "v.txt", text)
        assert [i.line for i in article.causes] == lines
        assert article.section("reasons").heading == heading
        assert len(article.tips) == 4 and article.warnings == []


def test_no_causes_and_no_tips_is_a_warning_and_claims_still_count(tmp_path):
    text = "Knee Pain After Cycling\nAbout 30% of riders feel it.\n1. Rest\nRest a day.\n"
    article = parse_article(tmp_path / "k.txt", text)
    assert article.causes == [] and article.tips == [] and len(article.claims) == 1
    (warning,) = article.warnings
    assert warning.kind == "structure" and warning.line == 3
    assert str(warning).startswith(
        f"{tmp_path / 'k.txt'}:3: warning: no recognisable causes and no tips"
    )


def test_error_nothing_after_the_title(tmp_path):
    err = error_of(tmp_path, "Knee Pain After Cycling\n\n")
    assert err.line == 1 and err.message.startswith("nothing follows the title")


def test_causes_only_article(tmp_path):
    text = make_article(faqs=0, conclusion=False)
    text = text[: text.index("4 Tips To Avoid")]
    article = parse_article(tmp_path / "c.txt", text)
    assert len(article.causes) == 3 and article.tips == [] and article.section("tips") is None
    # The title promised 4 tips: a warning, not an error.
    assert [str(w) for w in article.warnings] == [
        (f"{tmp_path / 'c.txt'}:1: warning: the title promises 4 tips; the article lists 0")
    ]


def test_count_in_heading_is_a_warning(tmp_path):
    text = make_article(reasons=3, tips=4, title_counts="none").replace(
        "4 Tips To Avoid", "9 Tips To Avoid"
    )
    article = parse_article(tmp_path / "w.txt", text)
    assert len(article.tips) == 4
    assert [(w.line, w.message) for w in article.warnings] == [
        (11, "the heading promises 9 tips; the article lists 4")
    ]


def test_count_in_title_is_a_warning(tmp_path):
    text = make_article(reasons=3, tips=8, title_counts="both").replace(
        "(3 Reasons + 8 Tips", "(6 Reasons + 9 Tips"
    )
    article = parse_article(tmp_path / "w.txt", text)
    assert [(w.line, w.message) for w in article.warnings] == [
        (1, "the title promises 6 causes; the article lists 3"),
        (1, "the title promises 9 tips; the article lists 8"),
    ]


@pytest.mark.parametrize(
    "old, new, line, expected",
    [
        (
            "2. Reason Number 2",
            "3. Reason Number 2",
            7,
            "reason 2 is numbered 3: the numbering skips or repeats",
        ),
        (
            "3. Reason Number 3",
            "2. Reason Number 3",
            9,
            "reason 3 is numbered 2: the numbering skips or repeats",
        ),
    ],
)
def test_numbering_that_skips_or_repeats_is_a_warning(tmp_path, old, new, line, expected):
    article = parse_article(tmp_path / "n.txt", make_article(reasons=3).replace(old, new))
    assert [i.number for i in article.causes] == [1, 2, 3]
    assert [(w.line, w.message) for w in article.warnings] == [(line, expected)]


def test_numbering_all_ones_is_accepted(tmp_path):
    text = make_article(reasons=3, tips=2).replace("2. Reason Number 2", "1. Reason Number 2")
    text = text.replace("3. Reason Number 3", "1. Reason Number 3").replace(
        "2. Tip Number 2", "1. Tip Number 2"
    )
    article = parse_article(tmp_path / "ones.txt", text)
    assert [(i.number, i.title) for i in article.causes] == [
        (1, "Reason Number 1"),
        (2, "Reason Number 2"),
        (3, "Reason Number 3"),
    ]
    assert len(article.tips) == 2 and article.warnings == []


def test_item_without_body_is_kept_with_a_warning(tmp_path):
    text = make_article(reasons=3).replace(
        "Reason 2 explains part 1 of the problem with stiffness and pain.\n", ""
    )
    article = parse_article(tmp_path / "b.txt", text)
    assert [c.title for c in article.causes][1] == "Reason Number 2"
    assert article.causes[1].body == ""
    assert [(w.line, w.message) for w in article.warnings] == [
        (7, "reason 2 'Reason Number 2' has no body text")
    ]


def test_last_tip_without_body_is_kept_with_a_warning(tmp_path):
    text = make_article(tips=2, conclusion=False, faqs=0).replace(
        "Tip 2: rest two minutes every 20 minutes and stretch the legs.\n", ""
    )
    article = parse_article(tmp_path / "t.txt", text)
    assert len(article.tips) == 2 and article.tips[1].body == ""
    assert ["tip 2" in w.message for w in article.warnings] == [True]


def test_unanswered_question_is_left_out_with_a_warning(tmp_path):
    text = make_article(faqs=3).replace("Answer 2 says see a doctor.\n", "")
    article = parse_article(tmp_path / "f.txt", text)
    assert [q.number for q in article.faqs] == [1, 2]
    assert [w.message for w in article.warnings] == [
        "question 'Question number 2?' has no answer; it is left out"
    ]


def test_cli_error_is_one_line_exit_2(tmp_path, capsys):
    from runreport.cli import main

    path = tmp_path / "broken.txt"
    path.write_text("Knee Pain\n\n", encoding="utf-8")
    assert main(["parse", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:1: ") and "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


# Property-based: any input parses or raises ArticleError, nothing else. -------

_valid = make_article(reasons=2, tips=3, faqs=1)


def _parse_or_article_error(tmp_path, text: str) -> None:
    """Parse *text*; when it parses, its tables must validate too."""
    from runreport.analysis.tables import build_tables

    try:
        article = parse_article(tmp_path / "fuzz.txt", text)
    except ArticleError as exc:
        assert exc.line >= 0 and exc.message
        return
    tables = build_tables(article)
    assert len(tables["causes"]) == len(article.causes)
    assert len(tables["tips"]) == len(article.tips)
    # Without causes and tips the article is still accepted, and says so.
    nothing = [w for w in article.warnings if "no recognisable causes" in w.message]
    assert bool(nothing) == (not article.causes and not article.tips)


@given(st.text(max_size=400))
def test_arbitrary_text(tmp_path, text):
    _parse_or_article_error(tmp_path, text)


@given(st.binary(max_size=400))
def test_arbitrary_bytes(tmp_path, data):
    path = tmp_path / "fuzz.bin"
    path.write_bytes(data)
    try:
        parse_article(path)
    except ArticleError:
        pass


_line_ops = st.sampled_from(["delete", "duplicate", "swap", "insert", "renumber"])


@given(st.lists(st.tuples(_line_ops, st.integers(0, 40), st.text(max_size=30)), max_size=5))
def test_mutated_article(tmp_path, ops):
    lines = _valid.splitlines()
    for op, index, extra in ops:
        i = index % len(lines)
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = (i + 1) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, extra)
        elif op == "renumber":
            lines[i] = f"{index}. {extra}"
    _parse_or_article_error(tmp_path, "\n".join(lines))


def test_heading_variants(tmp_path):
    text = make_article(reasons=2, tips=2, faqs=1)
    text = text.replace("2 Reasons For", "Top 2 Common Reasons For").replace(
        "2 Tips To Avoid", "2 Easy Tips To Avoid"
    )
    text = text.replace("Conclusion\n", "Final Thoughts On Knee Pain\n")
    text = text.replace("Studies say", "Here are 7 reasons I love cycling\nStudies say")
    article = parse_article(tmp_path / "v.txt", text)
    assert [s.key for s in article.sections] == ["intro", "reasons", "tips", "conclusion", "faq"]
    assert article.section("conclusion").heading == "Final Thoughts On Knee Pain"
    assert article.section("intro").paragraphs[0].text == "Here are 7 reasons I love cycling"


def _claims(
    tmp_path, intro: str, tip: str = "Stretch the legs."
) -> list[tuple[str, float, str, str]]:
    text = make_article(reasons=1, tips=1, faqs=0, claims=False, related=False)
    text = text.replace(
        "Many riders know knee pain after cycling. Here is why and what to do.", intro
    )
    text = text.replace("Tip 1: rest two minutes every 20 minutes and stretch the legs.", tip)
    return [
        (c.text, c.value, c.unit, c.subject) for c in parse_article(tmp_path / "c.txt", text).claims
    ]


def test_claim_patterns(tmp_path):
    got = _claims(
        tmp_path,
        "About 50 per cent of riders hurt. One in five riders stop. Women are 3x more likely "
        "to hurt, and three times more likely to quit.",
    )
    assert got == [
        ("About 50 per cent", 50.0, "%", "riders"),
        ("One in five", 20.0, "%", "riders"),
        ("3x more", 3.0, "times", "women"),
        ("three times more", 3.0, "times", "women"),
    ]


def test_advice_percentages_are_not_claims(tmp_path):
    got = _claims(
        tmp_path,
        "Run at 70% of your max heart rate. It happens 20% of the time.",
        tip="Reduce your mileage by 10% each week; 30% of riders skip this.",
    )
    assert got == [("30%", 30.0, "%", "riders")]


def test_subject_only_from_of(tmp_path):
    got = _claims(tmp_path, "Women are 30% more likely to hurt and men are 50% more likely.")
    assert [subject for *_, subject in got] == ["", ""]


def test_sentences_keep_abbreviations(tmp_path):
    text = make_article(reasons=1, tips=1, faqs=0, claims=False, related=False).replace(
        "Many riders know knee pain after cycling. Here is why and what to do.",
        "According to Dr. Smith, 14% of riders hurt. A second sentence with 9% of riders.",
    )
    claims = parse_article(tmp_path / "d.txt", text).claims
    assert claims[0].quote == "According to Dr. Smith, 14% of riders hurt."
    assert [c.value for c in claims] == [14.0, 9.0]


@pytest.mark.parametrize("heading", ["6 Fixes For Knee Pain", "4 Simple Remedies", "5 Stretches"])
def test_counted_advice_headings_open_the_tips(tmp_path, heading):
    text = make_article(reasons=3, tips=4, title_counts="none")
    assert "\n4 Tips To Avoid " in text
    text = re.sub(r"\n4 Tips To Avoid [^\n]*", "\n" + heading, text)
    article = parse_article(tmp_path / "a.txt", text)
    assert len(article.causes) == 3 and len(article.tips) == 4


@pytest.mark.parametrize(
    ("causes_label", "tips_label"),
    [("**Common Causes**", "**What Helps**"), ("Causes:", "Things that help:")],
)
def test_labels_used_as_headings_open_the_sections(tmp_path, causes_label, tips_label):
    text = (
        f"# Calf Pain After Running\n\nIt sneaks up on you.\n\n{causes_label}\n\n"
        "- Tight calves after a long run\n- Too many hills too soon\n- Worn-out shoes\n\n"
        f"{tips_label}\n\n- Ease off the hills for a week\n- Stretch the calves after runs\n\n"
        "**Quick tip:** the stretch is the step runners skip most.\n"
    )
    article = parse_article(tmp_path / "calf.md", text)
    assert [c.title for c in article.causes] == [
        "Tight calves after a long run",
        "Too many hills too soon",
        "Worn-out shoes",
    ]
    # The quick-tip box restates a tip: it is no tip of its own.
    assert [t.title for t in article.tips] == [
        "Ease off the hills for a week",
        "Stretch the calves after runs",
    ]
    assert article.warnings == []


def test_lists_announced_by_a_sentence_are_the_causes_and_the_tips(tmp_path):
    page = (
        "<html><head><meta charset='utf-8'><title>T</title></head><body><main>"
        "<h1>Why Your Heel Hurts After Running</h1>\n"
        "<p>Heel pain builds slowly.</p>\n<p>It usually comes down to one of these:</p>\n"
        "<ol><li><strong>Tight calves:</strong> they pull on the heel.</li>\n"
        "<li><strong>Too much mileage:</strong> the tissue cannot keep up.</li></ol>\n"
        "<p>Here is what we ask our patients to do:</p>\n"
        "<ul><li><strong>Calf raises:</strong> slowly, most days.</li>\n"
        "<li><strong>Cut back:</strong> for two weeks.</li>\n"
        "<li><strong>Roll the arch:</strong> with a ball.</li></ul>\n"
        "<p>About 1 in 10 runners gets it at some point.</p></main></body></html>\n"
    )
    article = parse_article(tmp_path / "heel.html", page)
    assert [c.title for c in article.causes] == ["Tight calves", "Too much mileage"]
    assert [t.title for t in article.tips] == ["Calf raises", "Cut back", "Roll the arch"]
    assert article.warnings == [] and len(article.claims) == 1
    # A sentence that names both, or neither, announces nothing.
    both = page.replace("It usually comes down to one of these:", "Causes and fixes:")
    assert parse_article(tmp_path / "both.html", both).causes == []


def test_question_headings_can_be_the_sections(tmp_path):
    text = (
        "# Knee Pain on Long Descents\n\nDownhills hurt.\n\n"
        "## Why does my knee hurt going downhill?\n\n"
        "- Weak quads that cannot brake\n- Long reaching strides\n\n"
        "## What can I do about it?\n\n"
        "- Shorten your stride\n- Do slow step-downs\n- Add hills gradually\n"
    )
    article = parse_article(tmp_path / "k.md", text)
    assert [len(article.causes), len(article.tips), len(article.faqs)] == [2, 3, 0]


def test_counted_command_labels_are_the_tips_in_bold_as_in_plain_text():
    """Labels a heading counts ("THE 2 FIXES") are the tips, their bullets steps, whether the
    labels are plain lines or bold ones."""
    reasons = "## 3 Reasons\n\n1. Too fast\n2. Too far\n3. Too soon\n\n## THE 2 FIXES\n\n"
    fixes = [
        (
            "Build the long run slowly",
            ["Add no more than 2 km a week.", "Drop back every fourth week."],
        ),
        ("Run easy most days", ["Keep three of four runs easy.", "Save hard work for two days."]),
    ]
    for bold in (False, True):
        body = "".join(
            ("**" + label + ":**" if bold else label + ":")
            + "\n\n"
            + "".join(f"- {step}\n" for step in steps)
            + "\n"
            for label, steps in fixes
        )
        text = f'---\ntitle: "Marathon fixes"\n---\n\n{reasons}{body}'
        article = parse_article("fixes.md", text=text)
        assert [tip.title for tip in article.tips] == [label for label, _ in fixes], bold
