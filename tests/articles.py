"""Write articles of the seed's family with any shape, for tests.

:func:`make_article` gives the text of a well-formed article; options change
its counts and its formatting so tests cover more than the seed.
"""

from __future__ import annotations

from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "data" / "raw" / "upper-back-sore-after-running.txt"


def make_article(
    *,
    topic: str = "Knee Pain After Cycling",
    reasons: int = 3,
    tips: int = 4,
    faqs: int = 2,
    title_counts: str = "both",
    blank_lines: bool = False,
    related: bool = True,
    claims: bool = True,
    conclusion: bool = True,
    body_lines: int = 1,
) -> str:
    """Return the text of an article with the given shape.

    Args:
        topic: Words used in the title and headings.
        reasons: Number of numbered reasons.
        tips: Number of numbered tips.
        faqs: Number of FAQ questions (0: no FAQ section).
        title_counts: "both" ("(3 Reasons + 4 Tips …)"), "reasons" ("(3 Reasons + Tips …)") or "none".
        blank_lines: Put a blank line between paragraphs.
        related: Add "Related Article" lines.
        claims: Add numeric claims (22% in the intro, a rate in reason 1, 1 in 4 in the FAQ).
        conclusion: Add a conclusion section.
        body_lines: Body paragraphs per item.
    """
    counts = {
        "both": f" ({reasons} Reasons + {tips} Tips To Fix It)",
        "reasons": f" ({reasons} Reasons + Tips To Fix It)",
        "none": "",
    }[title_counts]
    out = [f"{topic}?{counts}"]
    if claims:
        out.append(f"Studies say 22% of cyclists have {topic.lower()}. Here is why and what to do.")
    else:
        out.append(f"Many riders know {topic.lower()}. Here is why and what to do.")
    out.append(f"{reasons} Reasons For {topic}")
    for n in range(1, reasons + 1):
        out.append(f"{n}. Reason Number {n}")
        for k in range(body_lines):
            sentence = f"Reason {n} explains part {k + 1} of the problem with stiffness and pain."
            if claims and n == 1 and k == 0:
                sentence += " Beginners see 12.5 injuries per 1000 hours of riding, a study found."
            out.append(sentence)
        if related and n == 1:
            out.append("Related Article: “Is Cycling Good For Your Knees? (5 Facts)”")
    out.append(f"{tips} Tips To Avoid {topic}")
    for n in range(1, tips + 1):
        out.append(f"{n}. Tip Number {n}")
        out.append(f"Tip {n}: rest two minutes every 20 minutes and stretch the legs.")
    if conclusion:
        out.append("Conclusion")
        out.append("Take care, and see a physiotherapist when the pain stays.")
    if faqs:
        out.append("Frequently Asked Questions (FAQs)")
        for n in range(1, faqs + 1):
            out.append(f"Q{n}. Question number {n}?")
            answer = f"Answer {n} says see a doctor."
            if claims and n == 1:
                answer += " About 1 in 4 riders report it."
            out.append(answer)
    separator = "\n\n" if blank_lines else "\n"
    return separator.join(out) + "\n"


def write_article(directory: Path, name: str = "knee-pain-after-cycling.txt", **shape) -> Path:
    """Write :func:`make_article` text to *directory/name* and return the path."""
    path = Path(directory) / name
    path.write_text(make_article(**shape), encoding="utf-8")
    return path
