"""Questions and answers from a page's FAQPage JSON-LD (schema.org structured data).

Read as data, never run: the ``<script type="application/ld+json">`` text is parsed with
:mod:`json`, and any HTML inside an answer is parsed with lxml for its text.
"""

from __future__ import annotations

import json

import lxml.html
from lxml import etree

from runreport.ingest.readers.document import Block, collapse


def _text(el: lxml.html.HtmlElement) -> str:
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def json_ld_questions(tree: lxml.html.HtmlElement) -> list[Block]:
    """Questions and answers from FAQPage JSON-LD (read as data, never run)."""
    blocks = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            continue
        for question in _faq_entities(data):
            name = collapse(_plain(question.get("name")))
            answers = question.get("acceptedAnswer") or question.get("suggestedAnswer") or []
            answers = answers if isinstance(answers, list) else [answers]
            text = " ".join(
                collapse(_plain(a.get("text"))) for a in answers if isinstance(a, dict)
            ).strip()
            if not name:
                continue
            raw = str(question.get("name"))
            offset = (
                script.text.find(raw)
                if raw in script.text
                else script.text.find(json.dumps(raw)[1:-1])
            )
            line = (script.sourceline or 1) + (
                script.text[:offset].count("\n") if offset > 0 else 0
            )
            blocks.append(
                Block("qa", line, name, answer=((line, text),) if text else (), link="json-ld")
            )
    return blocks


def _faq_entities(data: object) -> list[dict]:
    found: list[dict] = []
    if isinstance(data, list):
        for entry in data:
            found.extend(_faq_entities(entry))
    elif isinstance(data, dict):
        kind = data.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "FAQPage" in kinds:
            entities = data.get("mainEntity") or []
            found.extend(
                e
                for e in (entities if isinstance(entities, list) else [entities])
                if isinstance(e, dict)
            )
        found.extend(_faq_entities(data.get("@graph", [])))
    return found


def _plain(value: object) -> str:
    """Text of a JSON-LD value that may hold HTML (parsed, never rendered)."""
    if not isinstance(value, str) or not value.strip():
        return ""
    if "<" not in value and "&" not in value:
        return value
    try:
        return _text(lxml.html.fragment_fromstring(value, create_parent="div"))
    except (etree.ParserError, ValueError):
        return value
