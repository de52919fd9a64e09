"""The choice of the article region on a whole page when the article is a list: a calendar
under its headline, tour dates after the last paragraph, items a colon introduces; and
lists that only sit beside the article, which stay outside it."""
from cleaner import Cleaner
from conftest import MENU, PARAGRAPHS, clean, page, read_up_to_boilerplate

MORE_PARAGRAPHS = [
    "The routes will cost the city about four million a year, a third of it paid by the "
    "regional transport fund and the rest from the parking fees the council collects.",
    "Opposition members asked for the accounts of the first year to be audited before any "
    "further routes are added, and the mayor agreed to put that to a vote in the spring.",
]


CALENDAR = ["Round 1: 8 March – Riverside circuit",
            "Round 2: 22 March – Northern hills loop",
            "Round 3: 5 April – Harbour criterium",
            "Round 4: 19 April – Old town cobbles",
            "Round 5: 3 May – Valley time trial",
            "Round 6: 17 May – Lakeside sprint"]

TOUR_DATES = ["June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre",
              "June 14 – Alpharetta, GA @ Ameris Bank Amphitheatre",
              "June 20 – Raleigh, NC @ Coastal Credit Union Music Park",
              "June 23 – Virginia Beach, VA @ Veterans United Amphitheater",
              "June 27 – Camden, NJ @ Pavilion on the River"]

# A sidebar of columns and features: each a title line and a one-paragraph summary, one of
# them long.
SIDEBAR = [
    "» Weekly column",
    "Click the photo of our editor and read the columns about racing, cycling and the rest "
    "of the season that he writes for this site every week.",
    "» Power ranking",
    "See how the riders stand in this season's ranking after the last race of the spring, "
    "with the points of every team and the gaps between them.",
    "» Race preview",
    "Find out when the next race is on television, what the course looks like, which riders "
    "are the favourites, what the weather will do to the field on the day, where to watch "
    "from the roadside and which of the climbs will decide the race this time.",
    "» Podcast episode 29",
    "The big return of our podcast for its twelfth season, talking about everything that "
    "happened in the world of cycling over the last weeks and what comes next for the teams.",
]


def test_calendar_under_its_headline_is_the_article_not_the_prose_sidebar():
    """The article is a bare calendar right under its headline; the sidebar's teasers hold
    more prose, yet they are not the article."""
    text = page(["Cycling league calendar 2020 | Valley Sport | Racing"], MENU,
                ["Share this", "Cycling league calendar of 2020"], CALENDAR,
                ["Calendar subject to change by the organizer"], ["Tags", "cycling"], SIDEBAR, MENU)
    out = clean(text)
    for row in CALENDAR:
        assert row in out
    assert "Weekly column" not in out
    assert "power ranking" not in out.casefold()
    assert "Politics" not in out


def test_tour_dates_after_the_last_paragraph_stay():
    out = clean(page(MENU, PARAGRAPHS, ["The band's tour dates"], TOUR_DATES, MENU))
    for para in PARAGRAPHS:
        assert para in out
    for row in TOUR_DATES:
        assert row in out
    assert "Culture" not in out


def test_items_a_colon_introduces_after_the_article_stay():
    """Items without marks or numbers belong to the article when a line ending in a colon,
    right after a sentence, introduces them."""
    items = ["Hundreds of new tasks that make every evening of the game different",
             "Dozens of tricky questions that help the players know each other better",
             "A large variety of props and costumes for fine-tuning the game",
             "Challenges that run for a whole week, even after the game is over"]
    out = clean(page(MENU, PARAGRAPHS, ["The new edition brings:"], items, MENU))
    for item in items:
        assert item in out


def test_list_of_headlines_beside_the_article_stays_outside_it():
    """Headlines of other stories share marks and numbers too ("Brexit: ... (185)"); a list
    of them that does not follow a finished paragraph is not the article's."""
    most_read = [f"{topic}: {story} ({count})" for topic, story, count in [
        ("Brexit", "Minister delivers a defiant reply to the bloc", 185),
        ("Weather", "Map shows the polar vortex freezing the north", 148),
        ("Flights", "Passengers can fly for less on this day of the week", 145),
        ("Space", "New rocket to be built in the north of the country", 142),
        ("Football", "Club confirms the new manager after a long search", 133)]]
    out = clean(page(MENU, PARAGRAPHS, ["Share", "Tweet", "Most read"], most_read, MENU))
    for para in PARAGRAPHS:
        assert para in out
    for headline in most_read:
        assert headline not in out


def test_calendar_in_a_sidebar_beside_a_prose_article_is_dropped():
    """The reverse case: the article is prose under its headline, and a calendar sits in
    the sidebar after the share bar and a heading, attached to no paragraph."""
    text = page(["Council expands bus network | Valley Courier"], MENU,
                ["Council expands bus network"], PARAGRAPHS,
                ["Share", "Tweet", "Email", "Upcoming races"], CALENDAR, MENU)
    out = clean(text)
    for para in PARAGRAPHS:
        assert para in out
    for row in CALENDAR:
        assert row not in out


def test_article_sections_after_a_break_are_not_teasers():
    """An article under its headline whose later sections each hold several paragraphs
    keeps them, though a break (a caption, a credit) stands between."""
    text = page(["Council expands bus network | Valley Courier"], MENU,
                ["Council expands bus network"], PARAGRAPHS[:2],
                ["Photo", "The new bus depot", "Credit: Valley Courier"],
                ["What comes next"], PARAGRAPHS[2:], ["Who pays"], MORE_PARAGRAPHS, MENU)
    out = clean(text)
    for para in PARAGRAPHS + MORE_PARAGRAPHS:
        assert para in out
    assert "Who pays" in out


def test_cleaning_the_output_again_changes_nothing():
    text = page(["Cycling league calendar 2020 | Valley Sport | Racing"], MENU,
                ["Share this", "Cycling league calendar of 2020"], CALENDAR,
                ["Tags", "cycling"], SIDEBAR, MENU)
    once = clean(text)
    assert clean(once) == once


def test_teaser_cards_after_an_article_under_its_headline_are_dropped():
    """Title, author, date and a summary of other stories after the article: the summaries
    hold prose, some of it long, but each sits under a title line; the article opened
    under its headline, so they are not its continuation."""
    cards = []
    for title, author, summary in [
            ("Carlos Ghosn and the dark side of justice", "Maya Ghosn",
             "Our family always celebrates anniversaries, but not this week. A year ago our father "
             "was arrested on a plane at the airport and taken to a cell where he stayed for months "
             "without a trial, while the prosecutors questioned him every day without a lawyer."),
            ("What made the film so popular?", "Madeline Fry",
             "The film killed at the box office, and the critics still cannot agree on why."),
            ("Democrats' agenda would hurt the state", "David Perdue",
             "Tonight the candidates will descend on my home state to debate, and voters who have "
             "worked hard for what they have should listen closely to what they propose to take "
             "from them and to what it would cost every family in the state over ten years."),
            ("Report on detention figures is bogus", "Becket Adams",
             "Various outlets repeated a claim about detention figures that turns out to be wrong.")]:
        cards += [title, author, "Wednesday November 20, 2019"]
        cards.append(summary)
    text = page(["Council expands bus network | Valley Courier"], MENU,
                ["Council expands bus network", "by Jane Doe", "| November 18, 2019 12:26 PM"],
                PARAGRAPHS, ["More from the Courier"], cards, MENU)
    out = clean(text)
    for para in PARAGRAPHS:
        assert para in out
    assert "box office" not in out
    assert "anniversaries" not in out


def described(text: str):
    """The document after the phrase rules and the title echo, and its line descriptions:
    what the region choice reads."""
    from cleaner import boilerplate, structure
    doc, ctx = read_up_to_boilerplate(text)
    boilerplate.apply_phrase_rules(doc, ctx, boilerplate.zones(doc))
    boilerplate.title_echo(doc, ctx)
    return doc, structure.describe_lines(doc)


def test_headline_lines_are_its_echo_and_lines_with_nearly_its_words():
    from cleaner.structure import Lines, headline_lines
    doc, infos = described(page(["Cycling league calendar 2020 | Valley Sport | Racing"],
                                ["Cycling league", "Results"], ["Cycling league calendar of 2020"],
                                PARAGRAPHS[:1], ["Cycling league calendar 2020"]))
    texts = [infos[k].text for k in sorted(headline_lines(doc, Lines.of(infos)))]
    assert texts[0] == "Cycling league calendar of 2020"
    assert "Cycling league" not in texts
    assert len(texts) == 2      # and the exact echo at the end, which the title-echo rule removed
    assert infos[0].text not in texts


def test_list_rows_need_numbers_and_a_shared_mark_or_a_colon():
    from cleaner.structure import Lines, list_rows
    headlines = ["Brexit: Minister delivers a defiant reply to the bloc",
                 "Weather: Map shows the polar vortex freezing the north",
                 "Flights: Passengers can fly for less on this day of the week",
                 "Space: New rocket to be built in the north of the country"]
    doc, infos = described(page(MENU, PARAGRAPHS[:2], headlines, MENU))
    assert not list_rows(Lines.of(infos))
    doc, infos = described(page(MENU, PARAGRAPHS[:2], CALENDAR, MENU))
    assert sorted(infos[k].text for k in list_rows(Lines.of(infos))) == sorted(CALENDAR)
    doc, infos = described(page(MENU, PARAGRAPHS[:2], ["The stories of the week:"], headlines, MENU))
    assert sorted(infos[k].text for k in list_rows(Lines.of(infos))) == sorted(headlines)


SEASON = [f"Round {n}: {day} – {place}" for n, (day, place) in enumerate([
    ("8 March", "Riverside circuit"), ("22 March", "Northern hills loop"),
    ("5 April", "Harbour criterium"), ("19 April", "Old town cobbles"),
    ("3 May", "Valley time trial"), ("17 May", "Lakeside sprint"),
    ("7 June", "Mountain pass stage"), ("21 June", "City centre kermesse"),
    ("5 July", "Coastal road race"), ("19 July", "Forest gravel loop"),
    ("2 August", "National championship"), ("16 August", "Season finale")], start=1)]


def list_under_headline_then_sidebar() -> str:
    """A calendar under its headline, then a share bar and tags, then a sidebar of teasers:
    no prose follows the calendar, so the sidebar is the densest stretch of prose."""
    return page(["Cycling league calendar 2020 | Valley Sport | Racing"], MENU,
                ["Share this", "Cycling league calendar of 2020"], SEASON,
                ["Share this", "Follow us on Twitter", "Subscribe to our newsletter", "Tags", "cycling"],
                SIDEBAR, MENU)


def test_calendar_under_its_headline_wins_over_a_denser_teaser_sidebar():
    """The calendar opens right under the headline and holds about as many words as the
    sidebar, whose paragraphs are short and each under a title line: teasers."""
    out = clean(list_under_headline_then_sidebar())
    for row in SEASON:
        assert row in out
    for line in SIDEBAR:
        assert line not in out
    assert clean(out) == out


def test_the_choice_of_the_headline_stretch_says_why():
    result = Cleaner().clean(list_under_headline_then_sidebar())
    reasons = {r.reason for r in result.removed if "Click the photo" in r.text}
    assert len(reasons) == 1
    assert "under its headline" in reasons.pop()


# An article in sections, each a heading and one paragraph, as teasers are; one paragraph is
# long, so no run of teasers is found in it.
SECTIONED = ["The routes", PARAGRAPHS[0],
             "The fares", PARAGRAPHS[1] + " " + MORE_PARAGRAPHS[0],
             "The residents", PARAGRAPHS[2], "The study", PARAGRAPHS[3]]


def test_prose_article_elsewhere_wins_over_a_short_list_under_a_headline_like_line():
    """The reverse: a short list sits under a line that repeats the headline, and the
    article's prose lies further down. Prose that is not teasers stays the article; and
    sections each under a heading, which read like teasers, still outweigh a list with
    far fewer words."""
    meetings = ["Meeting 1: 8 March – Town hall", "Meeting 2: 22 March – Library",
                "Meeting 3: 5 April – Town hall", "Meeting 4: 19 April – School"]
    for article in (PARAGRAPHS, SECTIONED):
        text = page(["Council expands bus network | Valley Courier"], MENU,
                    ["Council expands bus network"], meetings,
                    ["Share", "Tweet", "Email", "Print"], article, MENU)
        out = clean(text)
        for para in PARAGRAPHS:
            assert para in out
