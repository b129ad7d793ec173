"""The articles of the suite's one site build of articles other than the seed
(``publish_site`` in ``tests/conftest.py``).

Hostile articles (:func:`helpers.articles.hostile_articles`) for ``test_quality.py``; for
``test_fit.py`` realistic articles about three body parts plus a short post without lists; for
``test_formats.py`` a web page, a Markdown post, a page whose title over-promises and a post in
prose; for ``test_editor.py`` an article whose annotations are a fresh draft.
"""

from __future__ import annotations

from helpers.articles import hostile_articles, make_article
from helpers.buildhelp import ROOT
from helpers.corpus import corpus

CORPUS = ROOT / "tests" / "corpus"

#: Realistic articles about three body parts, one of each format runreport reads: stem → file of
#: tests/corpus/. The hamstring post says the tendon "comes back", which a literature section
#: keyed on the word "back" once took for back pain. (Three, not five: each article is a whole
#: build, and the suite has to stay within its four minutes.)
FIT_ARTICLES = {
    "heldout3-html-wp-clinic-knee": "heldout3-html-wp-clinic-knee.html",  # clinic page
    "heldout4-md-yaml-title-only-hamstring": "heldout4-md-yaml-title-only-hamstring.md",
    "heldout-txt-newsletter-achilles": "heldout-txt-newsletter-achilles.txt",  # e-mail as text
}

#: A short post with its claims in prose and no lists (written for this test): a report of its
#: claims, with nothing about causes or tips it does not give.
SHORT_STEM = "plantar-fasciitis-by-the-numbers"
SHORT_ARTICLE = """\
# Plantar Fasciitis in Runners: What the Numbers Say

Heel pain that is at its worst with the first steps of the morning is the classic sign of plantar \
fasciitis, and runners see more of it than most people do.

How common is it? A review of injury studies found that about 8% of runners develop plantar \
fasciitis, which makes it one of the more frequent running injuries, though well behind problems \
of the knee. A popular running magazine goes much further and says that 40% of runners will have \
heel pain this year, but it gives no source for that figure.

Age seems to matter as well. Runners over forty are said to be twice as likely to be affected as \
younger runners, a figure we could not trace to any study.

The good news is that most cases settle within a year with patience and sensible training, and \
very few runners ever need surgery.
"""

#: Annotations for the hostile-markup article: its 22% claim is checked, so its quote, the
#: hostile title and this note reach the ClaimReview JSON-LD in <head>, where "</script>"
#: must not end the block.
HOSTILE_NOTE = "No source.</script><script>alert('note')</script><!-- <script> & \"quotes\""
HOSTILE_ANNOTATIONS = f"""article: hostile-markup.txt
claims:
  - line: 2
    value: 22
    status: unsourced
    note: '{HOSTILE_NOTE.replace("'", "''")}'
"""


#: test_formats.py's builds: file name in the site → article of :func:`helpers.corpus.corpus`.
FORMAT_BUILDS = {
    "page.html": "full-noise.html",
    "post.md": "front-matter.md",
    "warning.html": "causes-only-warning.html",
}

#: A post that argues in prose, with statistics and no lists: accepted, its claims checked.
PROSE_NAME = "prose.md"
PROSE = (
    b"---\ntitle: Why Cyclists Get Sore Knees, and What Helps\n---\n\n"
    b"Sore knees are the complaint club coaches hear most. About 30% of riders report knee\n"
    b"pain in a season, and 1 in 4 of them stops riding for a while.\n\n"
    b"Most of it comes from a saddle set too low. Riders who raised it were half as likely to\n"
    b"report pain again, one club survey found.\n"
)

#: test_editor.py's article: built with the draft ``runreport annotate`` writes for it.
DRAFTED_NAME = "shin-pain-after-running.txt"
DRAFTED_ARTICLE = make_article(topic="Shin Pain After Running", reasons=3, tips=4, faqs=2)


def site_articles() -> dict[str, bytes]:
    """Every article of the site: file name → bytes."""
    articles = dict(hostile_articles())
    articles.update({name: (CORPUS / name).read_bytes() for name in FIT_ARTICLES.values()})
    articles[f"{SHORT_STEM}.md"] = SHORT_ARTICLE.encode("utf-8")
    generated = {a.name: a.data for a in corpus()}
    articles.update({name: generated[source] for name, source in FORMAT_BUILDS.items()})
    articles[PROSE_NAME] = PROSE
    articles[DRAFTED_NAME] = DRAFTED_ARTICLE.encode("utf-8")
    return articles
