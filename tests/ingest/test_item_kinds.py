"""Items know what they are (cause, injury, tip) and where a tip belongs; lists, labels and
prose that are not marked as listicles are read as a reader reads them (issue 21).

Every article here is a few lines written for the test, in the shapes published posts take.
"""

from __future__ import annotations

from runreport.analysis.tables import build_tables
from runreport.ingest.parse import parse_article

INJURY_LISTICLE = """# Hip Trouble in Runners: 3 Conditions to Know

Hips get sore for a handful of reasons.

## 1. Gluteal Tendinopathy

Pain on the outer hip, worse lying on that side.

**Symptoms:**
- Tender to press over the bony point of the hip
- Aches after climbing stairs

**Prevention:**
- Build side-hip strength with slow step-ups
- Avoid crossing your legs when standing

## 2. Hip Flexor Strain

**Symptoms:** A pull at the front of the hip when lifting the knee.

**Prevention:** Warm up with leg swings, and keep hill sprints for later in the season.

## 3. Femoral Neck Stress Fracture

**Symptoms:**
- Deep groin pain that grows with every run

**Treatment:**
- Stop running and see a doctor the same week

## Everyday Habits for Healthy Hips

1. Sleep enough.
2. Change one thing at a time.
"""


def test_an_injury_listicle_gives_injuries_and_the_tips_under_each():
    article = parse_article("hips.md", INJURY_LISTICLE)
    assert [(c.title, c.kind) for c in article.causes] == [
        ("Gluteal Tendinopathy", "injury"),
        ("Hip Flexor Strain", "injury"),
        ("Femoral Neck Stress Fracture", "injury"),
    ]
    tips = [(t.number, t.title, t.parent) for t in article.tips]
    assert tips == [
        (1, "Build side-hip strength with slow step-ups", 1),
        (2, "Avoid crossing your legs when standing", 1),
        # a label paragraph gives one tip per piece of advice in it
        (3, "Warm up with leg swings", 2),
        (4, "Keep hill sprints for later in the season", 2),
        (5, "Stop running and see a doctor the same week", 3),
        # the article's own tips come after the ones given inside its injuries
        (6, "Sleep enough", None),
        (7, "Change one thing at a time", None),
    ]
    # symptoms are the injury's text, never tips
    assert "Tender to press" in article.causes[0].body
    assert "Build side-hip strength" in article.causes[0].fix
    assert not [w for w in article.warnings if "numbered" in w.message]


def test_tables_say_what_each_item_is():
    tables = build_tables(parse_article("hips.md", INJURY_LISTICLE))
    assert tables["causes"]["kind"].tolist() == ["injury"] * 3
    assert tables["tips"]["cause"].tolist()[:5] == [1, 1, 2, 2, 3]
    assert tables["tips"]["cause"].isna().tolist()[5:] == [True, True]


def test_causes_and_conditions_in_one_list_keep_their_kinds():
    text = (
        "# Shin Pain\n\nIntro.\n\n## Common Causes of Shin Pain\n\n"
        "### Too Much Too Soon\n\nMileage rose fast.\n\n"
        "### Tibial Stress Fracture\n\nA crack in the bone.\n"
    )
    assert [c.kind for c in parse_article("mixed.md", text).causes] == ["cause", "injury"]


def test_plain_text_bullets_under_colon_labels():
    text = (
        "How I Got Over My Sore Calves\n"
        "It took a season to sort out.\n"
        "What went wrong:\n"
        "- I doubled my hill work in a month\n"
        "- My shoes were worn flat\n"
        "Strength:\n"
        "- Calf raises on a step\n"
        "- Skipping twice a week\n"
        "Recovery:\n"
        "- An easy day after every hard one\n"
    )
    article = parse_article("blog.txt", text)
    assert [c.title for c in article.causes] == [
        "I doubled my hill work in a month",
        "My shoes were worn flat",
    ]
    # after a list of causes, labelled groups of bullets are the advice
    assert [t.title for t in article.tips] == [
        "Calf raises on a step",
        "Skipping twice a week",
        "An easy day after every hard one",
    ]
    # a group's label is not the body of the bullet before it
    assert article.tips[1].body == ""


def test_paragraphs_under_a_heading_with_no_list_are_items():
    text = (
        "Heel Pain After Running\n"
        "Heel pain is common.\n"
        "What is causing my heel pain?\n"
        "Plantar fasciitis. The band under the foot is irritated.\n"
        "A bone bruise. Landing hard on stones bruises the heel pad.\n"
        "Why does it hurt in the morning?\n"
        "The tissues tighten overnight.\n"
        "How can I treat it?\n"
        "Stretch your calves twice a day.\n"
        "FREE GAIT CHECK - book your slot today.\n"
        "Wear cushioned shoes at home.\n"
    )
    article = parse_article("heel.txt", text)
    assert [(c.title, c.kind) for c in article.causes] == [
        ("Plantar fasciitis", "injury"),
        ("A bone bruise", "injury"),
    ]
    # the promotion is left in the section's text, not counted as a tip
    assert [t.title for t in article.tips] == [
        "Stretch your calves twice a day",
        "Wear cushioned shoes at home",
    ]


def test_an_aside_label_ends_the_items():
    text = (
        "# Shin Splints\n\nIntro.\n\n**Prevention Tips**:\n\n"
        "Cut your weekly distance back. Swap one road run for grass. Do toe raises daily.\n\n"
        "**When to See a Doctor**:\n\nPain in one spot could be a fracture.\n\n"
        "**Sources:**\n\n1. A review I read.\n2. My physio.\n"
    )
    article = parse_article("shins.md", text)
    assert [t.title for t in article.tips] == [
        "Cut your weekly distance back",
        "Swap one road run for grass",
        "Do toe raises daily",
    ]


def test_an_article_argued_in_prose_gets_its_causes_and_tips():
    text = (
        "# Why Knees Ache on Long Runs\n\n"
        "Long runs bring knee aches for two reasons.\n\n"
        "The first is fatigue in the thigh muscles. Tired quads absorb less.\n\n"
        "The second is the road camber. One leg works harder on a slope.\n\n"
        "So what should you do about it? Shorten your long runs for a month.\n\n"
        "Next, switch sides of the road every mile.\n\n"
        "None of this means you should stop running.\n"
    )
    article = parse_article("prose.md", text)
    assert [s.key for s in article.sections] == ["intro", "reasons", "tips"]
    assert [c.title for c in article.causes] == [
        "The first is fatigue in the thigh muscles",
        "The second is the road camber",
    ]
    assert len(article.tips) == 2
    assert not article.warnings


def test_a_heading_inside_a_list_still_heads_it():
    text = (
        "<html><body><h1>Calf Pain</h1><p>Intro.</p>"
        "<ul><h2>What causes calf pain?</h2><li>Dehydration</li><li>Tight calves</li></ul>"
        "<ul><h3>How to ease it</h3><li>Walk it off</li><li>Massage the calf</li></ul>"
        "</body></html>"
    )
    article = parse_article("calf.html", text)
    assert [c.title for c in article.causes] == ["Dehydration", "Tight calves"]
    assert [t.title for t in article.tips] == ["Walk it off", "Massage the calf"]


def test_a_summary_box_before_the_steps_is_not_the_conclusion():
    text = (
        "Back to Running After a Calf Strain: 2 Steps\n"
        "Most strains settle in weeks.\n"
        "Key takeaways:\n"
        "- Walk first.\n"
        "- Build slowly.\n"
        "Step 1: Walk without pain\n"
        "- Thirty brisk minutes\n"
        "Step 2: Jog and walk\n"
        "- One minute each, ten times\n"
    )
    article = parse_article("return.txt", text)
    assert [t.title for t in article.tips] == ["Walk without pain", "Jog and walk"]
    assert article.section("conclusion") is None


def test_what_the_parser_did_not_use_is_listed():
    text = (
        "<html><body><article><h1>Knee Pain</h1>\n"
        '<p class="byline">By A. Physio</p>\n'
        "<p>Knees hurt. In this post:</p>\n"
        "<ul><li>what it is</li><li>who gets it</li></ul>\n"
        "<h2>Common Causes of Knee Pain</h2>\n<h3>Weak hips</h3>\n<p>They let the knee drop.</p>\n"
        '<div class="promo-box"><p>Book now and save.</p></div>\n'
        "</article></body></html>\n"
    )
    article = parse_article("clinic.html", text)
    assert [(w.line, w.kind) for w in article.unused] == [
        (2, "skipped"),
        (4, "unlabelled-list"),
        (8, "skipped"),
    ]
    assert "a list of 2 items ('what it is')" in article.unused[1].message
    assert "promo-box" in article.unused[2].message
    # they are for the editor, not warnings of the report
    assert not [w for w in article.warnings if w.kind in ("skipped", "unlabelled-list")]


def test_check_lists_what_the_parser_did_not_use(tmp_path, capsys):
    from runreport.cli import main

    path = tmp_path / "scraped.txt"
    path.write_text(
        "Sore Feet After Running\n"
        "Feet take a beating.\n"
        "- a bullet nobody introduced\n"
        "- and another one\n"
        "Common Causes of Sore Feet\n"
        "1. Worn shoes\n"
        "The foam is dead.\n",
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{path}:3: unlabelled-list: a list of 2 items ('a bullet nobody introduced')" in out[0]


def test_numbered_causes_that_start_again_at_1_go_on_as_the_tips():
    from tests.helpers.articles import make_article

    article = parse_article("restart.txt", make_article().replace("4 Tips To Avoid", "More About"))
    assert (len(article.causes), len(article.tips)) == (3, 4)  # make_article: 3 reasons, 4 tips
    assert [w.kind for w in article.warnings if "restarts at 1" in w.message] == ["structure"]


def test_lines_a_colon_announces_are_a_list_even_without_bullets():
    # a page copied as text loses its bullets: short clauses under a line ending in ":"
    text = (
        "Help With Sore Heels\n"
        "Heels ache for a few reasons.\n"
        "Some of the causes include:\n"
        "Running in worn shoes,\n"
        "Tight calves.\n"
        "What to do:\n"
        "Stretch your calves daily.\n"
        "Replace the shoes.\n"
        "1. Not a line of that list, so the list ends before it.\n"
    )
    article = parse_article("heels.txt", text)
    assert [c.title for c in article.causes] == ["Running in worn shoes", "Tight calves"]
    assert [t.title for t in article.tips][:2] == ["Stretch your calves daily", "Replace the shoes"]


def test_a_title_that_names_causes_announces_the_numbered_list():
    text = (
        "Shin Pain: Causes and Treatment\n"
        "Shins hurt for several reasons.\n"
        "1. Too Much Mileage\n"
        "2. Worn Shoes\n"
        "How to Treat Shin Pain\n"
        "1. Rest\n"
        "2. Calf Raises\n"
    )
    article = parse_article("shins.txt", text)
    assert [c.title for c in article.causes] == ["Too Much Mileage", "Worn Shoes"]
    assert [t.title for t in article.tips] == ["Rest", "Calf Raises"]
