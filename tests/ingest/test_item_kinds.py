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


BLOGGER_POST = """<html><head><title>Trail Notes: Sore Heels</title></head><body>
<h3 class="post-title">Why My Heels Hurt After Trail Runs</h3>
<div class="post-body">
My heels started aching in March and it took a while to work out why.<br />
<br />
<span style="font-size: large;"><b>What was behind it</b></span><br />
<br />
<b>1. Worn-out shoes.</b> The cushioning had gone flat after a thousand kilometres.<br />
<br />
<b>2. Sudden hill repeats.</b> I added two hill sessions a week in one go.<br />
<br />
<b>3. Tight calves.</b> Desk days left them short and stiff by the evening.<br />
</div></body></html>
"""


def test_blank_lines_made_of_line_breaks_part_paragraphs():
    # Blogger and old editors write paragraphs as text between "<br /><br />": each bold
    # lead-in after a blank line opens its own cause, on its own line.
    article = parse_article("heels.html", BLOGGER_POST)
    assert [(c.title, c.line) for c in article.causes] == [
        ("Worn-out shoes", 8),
        ("Sudden hill repeats", 10),
        ("Tight calves", 12),
    ]


CAUSE_TABLE = """# Calf Cramps on the Long Run

Cramp can end a long run early. These are the usual reasons and what to change.

## Causes at a glance

<table>
<tr><th>Cause</th><th>Clue</th><th>Try this</th></tr>
<tr><td>Going out too fast</td><td>Cramps late in the run</td>
<td>Start the first third slower than goal pace</td></tr>
<tr><td>New racing flats</td><td>Only in the new shoes</td>
<td>Break them in on short runs first</td></tr>
<tr><td>Skipped fuel</td><td>Cramps past 90 minutes</td><td>Take a gel every 40 minutes</td></tr>
</table>
"""


def test_a_table_of_causes_gives_each_cause_its_fix_as_a_tip():
    article = parse_article("cramps.md", CAUSE_TABLE)
    assert [c.title for c in article.causes] == [
        "Going out too fast",
        "New racing flats",
        "Skipped fuel",
    ]
    assert [(t.title, t.parent) for t in article.tips] == [
        ("Start the first third slower than goal pace", 1),
        ("Break them in on short runs first", 2),
        ("Take a gel every 40 minutes", 3),
    ]


COPIED_PAGE = """Sore Shins After Your First 5K? Here Is Why
By Dana Reyes | 4 min read

Shin pain is the classic complaint of the new runner, and it is rarely a mystery.

What usually sets it off

Too much too soon. Jumping from two runs a week to five gives the bone no time to adapt.

Hard pavements. Every stride on concrete sends a sharper jolt up the leg.

Old shoes. Foam that has lost its spring passes more of that jolt on.

Getting back on track
Cut your runs back to three a week for a fortnight.
Move one run a week onto grass or a trail.
Add calf raises on the days you do not run.
Replace shoes that have covered more than 700 kilometres.
"""


def test_a_page_copied_as_text_keeps_its_labels_and_lists():
    # The bold of each cause and the bullets of the tips were lost in the copy: a short label
    # sentence opening each paragraph, and lines glued under a title line, still say so.
    article = parse_article("shins.txt", COPIED_PAGE)
    assert [c.title for c in article.causes] == ["Too much too soon", "Hard pavements", "Old shoes"]
    assert [t.title for t in article.tips][:2] == [
        "Cut your runs back to three a week for a fortnight",
        "Move one run a week onto grass or a trail",
    ]
    assert len(article.tips) == 4


UNFAMILIAR_ADVICE_HEADING = """# Knee Ache on Descents: 2 Causes

Downhill running loads the front of the knee.

## 1. Overstriding

Long steps downhill brake hard through the knee.

## 2. Weak quads

Tired thighs stop absorbing the landing.

## In the meantime

- Shorten your stride on every descent.
- Walk the steepest stretches for a few weeks.
- Add slow step-downs twice a week.
"""


def test_an_unfamiliar_heading_over_advice_heads_the_tips():
    article = parse_article("descents.md", UNFAMILIAR_ADVICE_HEADING)
    assert [t.title for t in article.tips] == [
        "Shorten your stride on every descent",
        "Walk the steepest stretches for a few weeks",
        "Add slow step-downs twice a week",
    ]


MDX_FAQ = """---
title: Heel Pain on the Run
---

Heel pain is common in runners who add distance quickly.

## Why it happens

- Long runs that grow too fast
- Soft, worn-out shoes

## FAQ

<Accordion>
  <AccordionItem title="Can I keep running?">
    Short, easy runs are fine while the pain stays mild.
  </AccordionItem>
  <AccordionItem title="Do night splints help?">
    Some runners like them; they are worth a try.
  </AccordionItem>
</Accordion>
"""


def test_mdx_accordion_items_titled_as_questions_are_the_faq():
    article = parse_article("heel.mdx.md", MDX_FAQ)
    assert [(q.title, q.line) for q in article.faqs] == [
        ("Can I keep running?", 15),
        ("Do night splints help?", 18),
    ]
    assert "short, easy runs" in article.faqs[0].body.lower()


LEAFLET = """SHIN PAIN IN RUNNERS
====================
Patient leaflet, reviewed 2025

Why does it happen?
-------------------
(a) Adding too many runs in a week, before the bone has caught up with the load.
(b) Running most miles on concrete paths rather than grass or trails.

What can I do?
--------------
  + Drop one run a week for a fortnight.
  + Swap a road run for a grass loop.
"""


def test_a_plain_text_leaflet_has_underlined_headings_lettered_causes_and_plus_bullets():
    article = parse_article("leaflet.txt", LEAFLET)
    assert article.title == "SHIN PAIN IN RUNNERS"
    assert [(c.number, c.line) for c in article.causes] == [(1, 7), (2, 8)]
    assert [t.title for t in article.tips] == [
        "Drop one run a week for a fortnight",
        "Swap a road run for a grass loop",
    ]


LABELLED_ADVICE = """Why Your Arch Aches After Running

Arch pain creeps up on runners who change too much at once.

There are a few usual causes:

Flat new shoes. A shoe with less arch support than the last pair loads the foot anew.

A jump in distance. Several long runs in a fortnight give the foot no time to adapt.

Treatment: Go back to the shoes you ran in before, and drop your weekly distance by a \
third for two weeks. Roll the arch over a ball each evening.
"""


def test_a_paragraph_labelled_as_the_treatment_gives_its_tips():
    # "Treatment:" had been bold on the page: the label opens the tips, each piece of advice in
    # the paragraph is one.
    article = parse_article("arch.txt", LABELLED_ADVICE)
    assert [c.title for c in article.causes] == ["Flat new shoes", "A jump in distance"]
    assert [t.title for t in article.tips] == [
        "Go back to the shoes you ran in before",
        "Drop your weekly distance by a third for two weeks",
        "Roll the arch over a ball each evening",
    ]


GROUPED_CAUSES = """# Sore Hamstrings on Speed Days

Hamstrings complain when speed work arrives too fast.

## Causes

**1. Training errors:**
- Two interval sessions in the first week back
- No easy day after a race

**2. Strength gaps:**
- Glutes that tire before the hamstrings do

## Symptoms

- A pull high in the back of the thigh
"""


def test_numbered_bold_labels_over_bullets_group_the_causes():
    article = parse_article("speed.md", GROUPED_CAUSES)
    assert [c.title for c in article.causes] == [
        "Two interval sessions in the first week back",
        "No easy day after a race",
        "Glutes that tire before the hamstrings do",
    ]


SHORT_VERSION_FIRST = """# Calf Cramps on Long Runs

## The Short Version

- Start slower than race pace.
- Take fuel every 40 minutes.

## Why Calves Cramp

- Going out too fast
- Running low on fuel

## How to Stop It

- Start the first third slower than goal pace.
- Take a gel every 40 minutes.
"""


def test_a_summary_box_before_the_lists_opens_no_section():
    # "The Short Version" restates the advice: the causes after it are still the causes.
    article = parse_article("cramps.md", SHORT_VERSION_FIRST)
    assert [c.title for c in article.causes] == ["Going out too fast", "Running low on fuel"]
    assert [t.title for t in article.tips] == [
        "Start the first third slower than goal pace",
        "Take a gel every 40 minutes",
    ]


FACTOR_GROUPS = """<h1>Why Runners Get Hurt</h1>
<p>Most running injuries come from a few places.</p>
<h2>Risk factors</h2>
<h4>Non-modifiable factors</h4>
<ul><li><strong>Age:</strong> tendons stiffen after forty.</li>
<li><strong>An old injury:</strong> the best predictor of the next one.</li></ul>
<h4>Modifiable Factors</h4>
<ul><li><strong>Too much, too soon:</strong> weekly distance that jumps.</li>
<li><strong>Weak hips:</strong> the knee drifts inwards.</li></ul>
<h2>How to prevent them</h2>
<ol><li>Add distance slowly.</li><li>Lift twice a week.</li></ol>
"""


def test_factor_group_headings_head_their_bullets():
    # "Modifiable Factors" names a group of causes, not a cause: its bullets are the causes.
    article = parse_article("factors.html", FACTOR_GROUPS)
    assert [c.title for c in article.causes] == [
        "Age",
        "An old injury",
        "Too much, too soon",
        "Weak hips",
    ]
    assert len(article.tips) == 2


ACCORDION_CONDITIONS = """<h1>Hip Pain in Runners</h1>
<p>Three conditions account for most of what we see in clinic.</p>
<h2>Common causes of hip pain</h2>
<div class="accordion">
<div class="item"><button aria-expanded="false">1. Gluteal tendinopathy</button>
<div class="panel" hidden><p>The tendons on the outer hip get irritated by load.</p></div></div>
<div class="item"><button aria-expanded="false">2. Hip flexor strain</button>
<div class="panel" aria-hidden="true"><p>A pull at the front of the hip after speed work.</p></div>
</div>
</div>
"""


def test_accordion_sections_open_hidden_and_aria_hidden_panels_alike():
    # A reader opens either panel with a click: both are the item's text.
    article = parse_article("hip.html", ACCORDION_CONDITIONS)
    items = article.causes
    assert [i.title for i in items] == ["Gluteal tendinopathy", "Hip flexor strain"]
    assert "front of the hip" in items[1].body and "outer hip" in items[0].body


WHY_LABEL = """Sore Hips After Having a Baby
A letter to our readers

Lots of you asked about it this month.

Why it flares up when you run:
- Ligaments still loose from pregnancy
- A pelvic floor that has not rebuilt its support
- Going straight back to your old pace

What actually helps:
- See a pelvic health physio first
- Walk briskly for 30 minutes before you run
"""


def test_a_why_it_flares_up_label_heads_the_causes():
    article = parse_article("hips.txt", WHY_LABEL)
    assert len(article.causes) == 3 and len(article.tips) == 2


DETAILS_IN_LIST = """<h1>Heel Pain in Young Runners</h1>
<p>Growing bones are the usual story.</p>
<h2>FAQ</h2>
<ul class="accordion-items-container">
<li class="accordion-item"><details><summary>Will it last?</summary>
<div><p>No, it settles once the growth plate closes.</p></div></details></li>
<li class="accordion-item"><details><summary>Should they stop running?</summary>
<div><p>Rarely; most keep going with a lighter week.</p></div></details></li>
</ul>
"""


def test_details_inside_list_items_are_the_faq():
    # Squarespace's accordion block: a <ul> whose items are <details> disclosures.
    article = parse_article("heel.html", DETAILS_IN_LIST)
    assert [q.title for q in article.faqs] == ["Will it last?", "Should they stop running?"]


CAUSES_THEN_CONDITIONS = """<h1>Front-of-Ankle Pain in Runners</h1>
<p>Pinching at the front of the ankle is common on hills.</p>
<h2>Why the front of the ankle gets pinched</h2>
<p><strong>Repeated sprains.</strong> Each one leaves the joint a little looser.</p>
<p><strong>Steep hills.</strong> Climbing drives the shin over the foot.</p>
<p><strong>A stiff ankle.</strong> The talus stops gliding back.</p>
<h2>Impingement and its lookalikes</h2>
<h3>1. Anterior ankle impingement</h3>
<p>A sharp pinch at the end of the bend.</p>
<h3>2. Tibialis anterior tendinopathy</h3>
<p>An ache along the front of the shin.</p>
"""


def test_conditions_after_lead_in_causes_keep_both():
    # "Repeated sprains" names a sprain but is a cause: the condition headings add injuries.
    article = parse_article("ankle.html", CAUSES_THEN_CONDITIONS)
    assert [(c.title, c.kind) for c in article.causes] == [
        ("Repeated sprains", "cause"),
        ("Steep hills", "cause"),
        ("A stiff ankle", "cause"),
        ("Anterior ankle impingement", "injury"),
        ("Tibialis anterior tendinopathy", "injury"),
    ]


HEADINGLESS_LIST = """<h1>Tarsal Tunnel Syndrome: A Guide to That Burning Arch</h1>
<p>If the inside of your ankle tingles a few kilometres in, the nerve may be squeezed.</p>
<ol>
<li><strong>Flat feet:</strong> the arch drops and stretches the nerve.</li>
<li><strong>Sudden mileage jumps:</strong> more swelling in the tunnel.</li>
<li><strong>Old ankle sprains:</strong> thickened tissue where the nerve passes.</li>
</ol>
<h2>What helps</h2>
<ul>
<li>Re-lace your shoes to skip the eyelet over the inner ankle.</li>
<li>Try an arch support.</li>
</ul>
<p><strong>At night:</strong> prop the leg on a pillow if the burning wakes you.</p>
"""


def test_a_headingless_labelled_list_is_the_causes_from_its_first_item():
    article = parse_article("tunnel.html", HEADINGLESS_LIST)
    assert [c.title for c in article.causes] == [
        "Flat feet",
        "Sudden mileage jumps",
        "Old ankle sprains",
    ]
    # A lone bold lead-in after the tips' bullets is one more tip, not the real list.
    assert [t.title for t in article.tips][-1] == "At night" and len(article.tips) == 3


LABELLED_FACTOR_GROUPS = """# Hip Labral Tears in Runners

A deep pinch in the front of the hip.

## Why do runners tear the labrum?

Structural factors:

- Bone at the socket rim that pinches the labrum
- A shallow socket

Training factors:

- Lots of downhill running
- Weak glutes and deep hip rotators

## What does it feel like?

- Clicking or catching in the groin

## What to do

- Shorten your stride on descents

## A couple of extras

Skip deep squats while it is sore.
"""


def test_plain_factor_labels_group_the_causes_and_extras_add_advice():
    # "Training factors:" after "Structural factors:" is more causes, not the advice; a symptoms
    # heading after the causes makes no cause an injury; "A couple of extras" gives more advice.
    article = parse_article("labrum.md", LABELLED_FACTOR_GROUPS)
    assert [(c.title, c.kind) for c in article.causes] == [
        ("Bone at the socket rim that pinches the labrum", "cause"),
        ("A shallow socket", "cause"),
        ("Lots of downhill running", "cause"),
        ("Weak glutes and deep hip rotators", "cause"),
    ]
    assert [t.title for t in article.tips] == [
        "Shorten your stride on descents",
        "Skip deep squats while it is sore",
    ]


PASTED_CLINIC_PAGE = """Quadratus Lumborum Pain in Runners
By a physiotherapist | 7 min read

A grabbing ache just above one hip after a long run.

Causes

1. Weak glutes. The QL hitches the pelvis instead. Fix it: side planks three days a week.
2. Tight hip flexors. Sitting tips the pelvis forward.
3. Late-run fatigue. Form fades in the last third of a long run.

Is it really the QL?

Other things that can mimic QL pain:
- Sacroiliac joint pain
- Kidney problems such as a stone or an infection

Treatment

Use a heat pack for 15 minutes in the first few days. Try a side-lying stretch over a pillow.

Exercises that help:
- Bird dogs, 3 x 10 each side
- Suitcase carries
"""


def test_a_pasted_page_gives_inline_fixes_lookalikes_and_prose_advice():
    article = parse_article("ql.txt", PASTED_CLINIC_PAGE)
    assert [(c.title, c.kind) for c in article.causes] == [
        ("Weak glutes", "cause"),
        ("Tight hip flexors", "cause"),
        ("Late-run fatigue", "cause"),
        # the conditions a reader is told it may be, named under "can mimic"
        ("Sacroiliac joint pain", "injury"),
        ("Kidney problems", "injury"),
    ]
    tips = [(t.title, t.parent) for t in article.tips]
    # "Fix it:" inside a numbered line is its cause's tip; the commands before the exercises'
    # bullets are tips of their own
    assert tips == [
        ("Side planks three days a week", 1),
        ("Use a heat pack for 15 minutes in the first few days", None),
        ("Try a side-lying stretch over a pillow", None),
        ("Bird dogs, 3 x 10 each side", None),
        ("Suitcase carries", None),
    ]


CLINIC_CARDS = """<h1>Compartment Syndrome in Runners</h1>
<p>The front of the shin tightens ten minutes into a run.</p>
<h2>Common causes</h2>
<h4>1. A sudden jump in volume</h4>
<p>More minutes than the fascia can take. <strong>What to do:</strong> build by no more than
10% a week.</p>
<h4>2. Stiff fascia</h4>
<p>Some people have thicker fascia.</p>
<h3>Often mistaken for</h3>
<ul><li>Medial tibial stress syndrome</li><li>Popliteal artery entrapment</li></ul>
<p>The giveaway is that the pain stops within minutes.</p>
<p><strong>How we treat it:</strong></p>
<ul><li>Soft tissue massage of the calf</li><li>A graded run/walk return</li></ul>
"""


def test_clinic_cards_give_inline_fixes_lookalikes_and_the_treatment():
    article = parse_article("cecs.html", CLINIC_CARDS)
    assert [(c.title, c.kind) for c in article.causes] == [
        ("A sudden jump in volume", "cause"),
        ("Stiff fascia", "cause"),
        ("Medial tibial stress syndrome", "injury"),
        ("Popliteal artery entrapment", "injury"),
    ]
    # the fix in the cause's paragraph is its tip; the treatment is the article's, not the last
    # look-alike's
    assert [(t.title, t.parent) for t in article.tips] == [
        ("Build by no more than 10% a week", 1),
        ("Soft tissue massage of the calf", None),
        ("A graded run/walk return", None),
    ]


ARGUED_UNDER_QUESTIONS = """---
title: "Running With Knee Osteoarthritis"
---

Non-runners say you will wreck your knees. The picture is more hopeful.

## So what does make a knee sore?

Extra body weight is a much bigger player than mileage, since each step loads the knee.

An old injury is another, such as a ligament tear in your twenties.

Sudden spikes in load after a layoff matter too, more than steady running does.

## Keep running, but change the dose

Swap one of your weekly runs for a bike session on the days the knee is sore.

Use a simple pain rule during runs: up to four out of ten is fine.
"""


def test_causes_and_advice_argued_under_hinting_headings():
    # No lists: "what does make a knee sore?" heads causes argued a paragraph each, and "Keep
    # running, but change the dose" the advice.
    article = parse_article("oa.md", ARGUED_UNDER_QUESTIONS)
    assert len(article.causes) == 3 and len(article.tips) == 2


LABELS_FIRST_IN_LIST = """<h1>Side Stitches: 2 Reasons and 4 Fixes</h1>
<p>That stab under the ribs.</p>
<p><strong>What wears the diaphragm down?</strong></p>
<ul><li><strong>Eating late:</strong> a full stomach tugs on it.</li>
<li><strong>Shallow breathing:</strong> it never relaxes.</li></ul>
<h2>4 fixes that work</h2>
<ul>
<h3>During the run</h3>
<li><p>Slow down and breathe out hard</p></li>
<li><p>Press into the sore spot</p></li>
<h3>Before the run</h3>
<li><p>Leave two hours after a meal</p></li>
<li><p>Do planks three times a week</p></li>
</ul>
"""


def test_a_heading_first_in_a_grouped_list_labels_its_items():
    # Squarespace writes the groups' headings inside the <ul>, the first before any <li>.
    article = parse_article("stitch.html", LABELS_FIRST_IN_LIST)
    assert [c.title for c in article.causes] == ["Eating late", "Shallow breathing"]
    assert [t.title for t in article.tips] == [
        "Slow down and breathe out hard",
        "Press into the sore spot",
        "Leave two hours after a meal",
        "Do planks three times a week",
    ]


INJURIES_THEN_TRIGGERS = """<h1>Knee Pain Going Downstairs After Running</h1>
<p>Stairs are often the first place a sore knee shows itself.</p>
<h2>Common problems after long runs</h2>
<h3>1. Runner's knee</h3>
<p><strong>Symptoms:</strong> an ache around the kneecap.</p>
<h4>Key Takeaways</h4>
<ul><li>Strengthen the quads.</li><li>Sit less.</li></ul>
<h3>2. Patellar tendinopathy</h3>
<p><strong>Symptoms:</strong> pain just below the kneecap.</p>
<h2>What usually sets it off</h2>
<ul><li>Weak quadriceps</li><li>A sudden increase in downhill running</li></ul>
<h2>How we treat it</h2>
<ul><li>A strength programme for the quads.</li><li>Taping of the kneecap.</li></ul>
"""


def test_triggers_after_the_injuries_are_causes_and_a_takeaways_box_adds_nothing():
    article = parse_article("stairs.html", INJURIES_THEN_TRIGGERS)
    assert [(c.title, c.kind) for c in article.causes] == [
        ("Runner's knee", "injury"),
        ("Patellar tendinopathy", "injury"),
        ("Weak quadriceps", "cause"),
        ("A sudden increase in downhill running", "cause"),
    ]
    assert [t.title for t in article.tips] == [
        "A strength programme for the quads",
        "Taping of the kneecap",
    ]


PROSE_EMAIL = """Why Your Ankles Ache After Trail Runs
Trail Notes, Issue 87

Hi there,

The first reason ankles ache after trails is simply that they are not used to the work.

Fatigue on the descents is the second, when your attention starts to drift.

Your shoes can also be part of the story, if they are tall and very soft.

So what do you do about it? Start with balance work, twice a day while you brush your teeth.

On the trail itself, shorten your stride on technical descents.

See you on the hills,
Cal
"""


def test_a_prose_email_turns_to_advice_with_a_question():
    article = parse_article("ankles.txt", PROSE_EMAIL)
    assert len(article.causes) == 3
    assert [t.title for t in article.tips] == [
        "Start with balance work, twice a day while you brush your teeth",
        "Shorten your stride on technical descents",
    ]


PROSE_NEWSLETTER_WITH_QA = """Why Your Quads Are Wrecked After a Race

Hi everyone,

The biggest reason is the downhills, where the quads brake every landing.

The second reason is simply that you ran harder than you train.

So, what now? This week, walk instead of running, and leave out any speed work until Saturday.

For your next block, put a downhill session into your plan every other week.

Q: Is it normal that it is worse on day two?
A: Yes, soreness peaks a day or two after the race.
"""


def test_prose_advice_after_a_turn_with_a_reader_qa_below():
    # The Q&A is a FAQ, not a list of advice: the prose still gives the causes and the tips.
    article = parse_article("quads.txt", PROSE_NEWSLETTER_WITH_QA)
    assert len(article.causes) == 2 and len(article.faqs) == 1
    assert [t.title for t in article.tips] == [
        "This week, walk instead of running",
        "Leave out any speed work until Saturday",
        "Put a downhill session into your plan every other week",
    ]


SYMPTOMS_UNDER_CONDITIONS = """<h1>Outer Foot Pain in Runners</h1>
<p>Most of it settles with sensible changes.</p>
<h2>What loads the outer foot</h2>
<ul><li><p>Cambered roads.</p></li><li><p>A high, rigid arch.</p></li></ul>
<h2>1. Peroneal tendinopathy</h2>
<p>The tendons behind the outer ankle bone get irritated.</p>
<p><strong>Symptoms:</strong></p>
<ul><li><p>Ache behind the outer ankle bone</p></li><li><p>Tenderness along the tendon</p></li></ul>
<h2>2. Cuboid syndrome</h2>
<p>A small bone on the outside of the foot shifts.</p>
"""


def test_an_injurys_symptom_bullets_are_its_text():
    article = parse_article("outer.html", SYMPTOMS_UNDER_CONDITIONS)
    assert [(c.title, c.kind) for c in article.causes] == [
        ("Cambered roads", "cause"),
        ("A high, rigid arch", "cause"),
        ("Peroneal tendinopathy", "injury"),
        ("Cuboid syndrome", "injury"),
    ]
    assert "Tenderness along the tendon" in article.causes[2].body


CLINIC_LIST_UNDER_ITS_HEADING = """<h1>Runner's Knee in Women</h1>
<p>Women get it more often.</p>
<h2>Why it happens</h2>
<h3>1. Wider hips</h3>
<p>The thigh angles in more.</p>
<p><strong>Recovery tip:</strong> strengthen the side of the hip twice a week.</p>
<h3>2. Weak glutes</h3>
<p>The knee drifts inward.</p>
<h2>How to protect your knees</h2>
<ul>
  <h3>Our physios' top recommendations</h3>
  <li>Practise single-leg squats in front of a mirror.</li>
  <li>Choose flat routes while the knee is sore.</li>
</ul>
"""


def test_a_heading_inside_a_headed_list_labels_it_and_recovery_tips_are_fixes():
    article = parse_article("women.html", CLINIC_LIST_UNDER_ITS_HEADING)
    assert [(t.title, t.parent) for t in article.tips] == [
        ("Strengthen the side of the hip twice a week", 1),
        ("Practise single-leg squats in front of a mirror", None),
        ("Choose flat routes while the knee is sore", None),
    ]


CMS_BODY_WITH_H2_HEADLINE = """<h2>Stomach Pain After Running: Why It Happens</h2>
<p>Gut trouble is common in distance running.</p>
<h3>Why your stomach hurts</h3>
<p><strong>You ate too close to the run.</strong> A full stomach is still digesting.</p>
<p><strong>Your drink is too concentrated.</strong> Sugary drinks pull water into the gut.</p>
<h3>How to prevent it</h3>
<p><strong>Before the run:</strong> eat three hours before a hard session, and keep any snack
small.</p>
<p><strong>Warm up.</strong> Jog for five minutes, then do some strides.</p>
"""


def test_a_cms_body_opening_with_an_h2_headline_and_labels_of_several_tips():
    article = parse_article("stomach.html", CMS_BODY_WITH_H2_HEADLINE)
    assert article.title == "Stomach Pain After Running: Why It Happens"
    assert len(article.causes) == 2
    # a context label over two pieces of advice gives two tips; a label that is the advice
    # keeps its steps as one
    assert [t.title for t in article.tips] == ["Before the run", "Keep any snack small", "Warm up"]


MORE_ADVICE_HEADINGS = """# IT Band Pain After a Marathon

The outside of the knee stings on descents.

## Why it hurts

- Long descents on the course
- Weak hip abductors

## Your two-week recovery plan

- Walk, swim or cycle for five days
- Start side-lying leg raises from day three

## Before Your Next Marathon

- Practise long descents in training

## In the Moment: Breaking a Cramp

Pull your toes towards your shin until the muscle lets go.
"""


def test_time_headings_after_the_tips_go_on_with_the_advice():
    article = parse_article("itb.md", MORE_ADVICE_HEADINGS)
    assert len(article.causes) == 2
    assert [t.title for t in article.tips][2:] == [
        "Practise long descents in training",
        "Pull your toes towards your shin until the muscle lets go",
    ]


FACTOR_GROUPS_WITH_LABELS = """# Shin Splints

Pain along the inner shin bone.

## Causes

### Contributing Factors

**Common causes:**
- Too much too soon
- Hard surfaces

### Biomechanical Factors

**Often involved:**
- Overpronation
- Tight calves
"""


def test_factor_groups_over_labelled_bullets_head_their_bullets():
    article = parse_article("shins.md", FACTOR_GROUPS_WITH_LABELS)
    assert [c.title for c in article.causes] == [
        "Too much too soon",
        "Hard surfaces",
        "Overpronation",
        "Tight calves",
    ]


SUSPECTS_AND_LOOKALIKES = """Why My Calf Keeps Grumbling

A club newsletter note about calves that complain after long runs.

The usual suspects:

- Hill reps added in a hurry after a flat winter.
- Shoes whose heel has worn down on one side.

What it could be:

Soleus strain is the one we see most, a deep ache low in the calf.

A tibial stress fracture hurts in one spot you can cover with a fingertip.

Fixes that work:

1) Drop the hills for two weeks.

2) Do slow bent-knee calf raises every other day.

While it settles, stay off the track. It also helps to shorten your long run.

Things that didn't:

- Compression socks worn overnight.
"""


def test_suspects_lookalikes_advice_after_a_list_and_what_did_not_help():
    article = parse_article("calf.txt", SUSPECTS_AND_LOOKALIKES)
    # "The usual suspects:" heads causes; conditions argued a paragraph each after "What it
    # could be:" are injuries
    assert [(c.title, c.kind) for c in article.causes] == [
        ("Hill reps added in a hurry after a flat winter", "cause"),
        ("Shoes whose heel has worn down on one side", "cause"),
        ("Soleus strain", "injury"),
        ("Tibial stress fracture", "injury"),
    ]
    # a paragraph of commands right after the list is more advice; what did not help is none
    assert [t.title for t in article.tips] == [
        "Drop the hills for two weeks",
        "Do slow bent-knee calf raises every other day",
        "While it settles, stay off the track",
    ]


FIRST_PERSON_FIXES = """# My Third Calf Strain

I have torn this calf three times, so here is what I learned.

## What am I doing differently now?

If I feel a twinge mid-run, I stop and walk home. I also leave stretching alone for a few days.

The rules on my fridge:

1. Shorter, quicker steps.
2. Calf raises four days a week.
"""


def test_the_writers_habits_under_a_first_person_heading_are_advice():
    article = parse_article("calf.md", FIRST_PERSON_FIXES)
    assert [t.title for t in article.tips] == [
        "If I feel a twinge mid-run, I stop and walk home",
        "I also leave stretching alone for a few days",
        "Shorter, quicker steps",
        "Calf raises four days a week",
    ]
