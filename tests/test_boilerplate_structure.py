"""The structural detectors: menu runs, teaser lists, comment threads, the article region,
and the difference between a whole page and an article an extractor already isolated."""
from cleaner import Cleaner
from cleaner.config import Config
from cleaner.structure import word_weight
from conftest import MENU, PARAGRAPHS, clean, page, read_up_to_boilerplate


def test_menu_run_is_dropped_and_article_kept():
    out = clean(page(MENU, PARAGRAPHS, MENU[:5]))
    for para in PARAGRAPHS:
        assert para in out
    assert "Politics" not in out and "Weather" not in out


def test_heading_between_paragraphs_is_kept():
    text = page(MENU, PARAGRAPHS[:2], ["What comes next"], PARAGRAPHS[2:], MENU)
    out = clean(text)
    assert "What comes next" in out
    assert "Culture" not in out


def test_teaser_list_after_article_is_dropped():
    teasers = []
    for i, title in enumerate(["Storm closes schools across the valley",
                               "Local bakery wins national bread award",
                               "New bridge opens two years late"]):
        teasers += [title, f"Read how the story unfolded over the past {i + 2} weeks in our region."]
    out = clean(page(MENU, PARAGRAPHS, teasers, MENU))
    assert PARAGRAPHS[-1] in out
    assert "Local bakery wins national bread award" not in out
    assert "New bridge opens two years late" not in out


def test_comment_thread_after_article_is_dropped():
    comments = []
    for name, remark in [("jsmith", "This is the best news the town has had in years, honestly."),
                         ("riverfan", "Why do the eastern districts always get left out of these plans?"),
                         ("mk2000", "Fares staying the same is good, but will the buses run on time?")]:
        comments += [f"{name} says:", "November 19, 2019 at 6:34 am", remark]
    out = clean(page(MENU, PARAGRAPHS, ["3 Comments"], comments))
    assert PARAGRAPHS[-1] in out
    assert "riverfan" not in out and "will the buses run on time" not in out


def test_extracted_article_keeps_its_prose_and_lists():
    """After an extractor, the text is article: short list items and headings stay."""
    items = ["- two new buses", "- four routes", "- one more depot", "- longer hours"]
    text = page(PARAGRAPHS[:2], ["The plan includes:"], items, PARAGRAPHS[2:])
    out = clean(text)
    for para in PARAGRAPHS:
        assert para in out
    for item in items:
        assert item in out


def test_title_line_survives_the_structural_pass():
    """The line the metadata stage takes as the title heads the article and stays."""
    text = page(["Council expands bus network to northern suburbs"], PARAGRAPHS)
    result = Cleaner().clean(text)
    assert "Council expands bus network" in result.text
    assert PARAGRAPHS[0] in result.text


def test_decisions_are_kept_for_explanations():
    from cleaner import pipeline
    from cleaner import boilerplate, decode, language, metadata, segment
    import time
    cleaner = Cleaner()
    doc = decode.run(page(MENU, PARAGRAPHS, MENU), max_chars=10**6)
    segment.run(doc)
    ctx = pipeline.Context(cleaner.config, cleaner.packs, time.monotonic() + 60)
    language.identify(doc, ctx)
    metadata.run(doc, ctx)
    boilerplate.run(doc, ctx)
    decisions = [d for b in doc.blocks for d in b.decisions]
    assert any("text read as a whole page" in d for d in decisions)
    assert any("first short, final drop" in d for d in decisions)
    assert any("first prose, final keep" in d for d in decisions)


def test_structure_can_be_disabled():
    text = page(MENU, PARAGRAPHS)
    out = Cleaner(Config(disable=("boilerplate.structure",))).clean(text).text
    assert "Culture" in out


def test_over_removal_guard_keeps_a_short_article_on_a_long_page():
    """A page whose article is a small part of it is not 'over-removed'."""
    menus = [MENU[:] for _ in range(40)]
    text = page(*menus, PARAGRAPHS[:2], *menus)
    result = Cleaner().clean(text)
    assert PARAGRAPHS[0] in result.text
    assert "Culture" not in result.text
    assert not any(w.kind == "over_removal_guard" for w in result.warnings)


def test_word_weight_counts_unspaced_scripts():
    assert word_weight("Gaming used to be so simple.") == 6
    assert word_weight("報道によると") == 3


def test_page_title_keeps_the_headline_once_without_the_site_name():
    """'Headline - Site' on the first line and the headline again above the article: the
    headline stays once, at the top, and the site's name goes."""
    headline = "Council expands bus network to northern suburbs"
    text = page([f"{headline} - The Valley Courier"], MENU, [headline], PARAGRAPHS, MENU)
    result = Cleaner().clean(text)
    assert result.text.count(headline) == 1
    assert result.text.startswith(headline)
    assert "Valley Courier" not in result.text
    assert result.metadata["title"] == headline
    assert Cleaner().clean(result.text).text == result.text


def test_page_title_sections_after_bars_are_trimmed_without_an_echo():
    result = Cleaner().clean(page(["Council expands bus network | Local | News | Courier.com"], PARAGRAPHS))
    assert result.text.startswith("Council expands bus network\n")
    assert "Courier.com" not in result.text


def test_a_dash_inside_a_headline_is_not_a_site_name():
    headline = "Smith - Jones talks end without a deal on the budget"
    out = clean(page([headline], PARAGRAPHS))
    assert out.startswith(headline + "\n")


def test_short_paragraph_cut_off_after_the_article_is_dropped():
    """An author box after a break of short lines is the page's, not the article's."""
    bio = ("Jane Doe covers transport and city politics for the Courier, and before that "
           "reported on schools for ten years.")
    out = clean(page(MENU, PARAGRAPHS, ["About the author", "Jane Doe", "Follow"], [bio], MENU))
    assert PARAGRAPHS[-1] in out
    assert "covers transport" not in out


def test_list_items_do_not_break_the_article():
    items = [f"{n}) Route {n} runs from the station to the {place} every twenty minutes"
             for n, place in enumerate(["hospital", "campus", "market", "harbour"], 1)]
    out = clean(page(MENU, PARAGRAPHS[:3], ["The new routes:"], items, [PARAGRAPHS[3][:60] + "."], MENU))
    for item in items:
        assert item in out


TRENDING = ["Storm closes schools across the valley for a second day",
            "Local bakery wins national bread award after ten years",
            "New bridge opens two years late and over budget",
            "Police search for driver after crash on the ring road"]


def test_list_of_headlines_inside_a_page_is_dropped():
    out = clean(page(MENU, PARAGRAPHS[:2], ["Trending"] + TRENDING, PARAGRAPHS[2:], MENU))
    for para in PARAGRAPHS:
        assert para in out
    for headline in TRENDING:
        assert headline not in out


def test_list_with_a_shared_shape_is_not_a_list_of_headlines():
    dates = ["June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre",
             "June 14 – Alpharetta, GA @ Ameris Bank Amphitheatre",
             "June 20 – Raleigh, NC @ Coastal Credit Union Music Park",
             "June 23 – Virginia Beach, VA @ Veterans United Amphitheater"]
    out = clean(page(MENU, PARAGRAPHS[:2], dates, PARAGRAPHS[2:], MENU))
    for line in dates:
        assert line in out


def test_repeated_caption_goes_but_repeated_table_headers_stay():
    from cleaner.boilerplate import TABLE_HEADER_REPEATS
    caption = "The new bus depot on the northern edge of town, seen from the air"
    header = "Route Stops Minutes Fare"
    rows = [[header, f"{n} {n * 4} {n * 10} 2"] for n in range(1, TABLE_HEADER_REPEATS + 1)]
    text = page([caption], PARAGRAPHS[:2], [caption], *rows, PARAGRAPHS[2:])
    out = clean(text)
    assert out.count(caption) == 1
    assert out.count(header) == TABLE_HEADER_REPEATS


def test_items_repeated_together_stay():
    features = ["Up to twelve hours of battery life", "Quick charging in the case"]
    text = page(PARAGRAPHS[:1], ["First model"] + features, PARAGRAPHS[1:2],
                ["Second model"] + features, PARAGRAPHS[2:])
    out = clean(text)
    for line in features:
        assert out.count(line) == 2


def test_tag_cloud_line_is_not_prose():
    from cleaner.structure import _link_labels
    cloud = ("Afghanistan Barack Obama Bekam Buku Iman Caleg Dajjal Dinar Download Ekonomi Islam Fatwa "
             "Gaza Hadits Haji Iran Israel Jihad Kristen Mesir Palestina Ramadhan Suriah Syiah Turki Yahudi")
    assert _link_labels(cloud)
    assert not _link_labels(" ".join(PARAGRAPHS[:2]))
    german = ("Die Bundesregierung hat am Montag einen neuen Plan für den Ausbau der Bahn vorgestellt und "
              "dabei versprochen dass die Züge in den kommenden Jahren pünktlicher fahren werden als bisher")
    assert not _link_labels(german)


def test_paragraphs_that_open_with_headlines_are_teasers():
    teasers = ["The Best Vegan Spots In Our Valley Hoodline crunched the numbers to find the top spots.",
               "New Bakery Opens Its Doors On Main Street A new spot, offering bread and more, has opened.",
               "Say Cheese? The Top Three Cheese Shops Wondering where to find the best cheese near you?",
               "Why Winter Comes Early To The Northern Suburbs This Year Officials say the cold arrived early."]
    out = clean(page(MENU, PARAGRAPHS, ["Latest Headlines"], teasers, MENU))
    for para in PARAGRAPHS:
        assert para in out
    for teaser in teasers:
        assert teaser not in out


def test_game_results_that_start_with_names_are_not_teasers():
    results = ["Bruins 5, Devils 1: David Pastrnak and Matt Grzelcyk scored two goals apiece for Boston.",
               "Senators 4, Red Wings 3: Anthony Duclair had two goals and an assist for Ottawa tonight.",
               "Wild 4, Sabres 1: Zach Parise scored twice and Minnesota beat Buffalo at home on Tuesday."]
    out = clean(page(MENU, PARAGRAPHS, results, MENU))
    for line in results:
        assert line in out


def test_author_box_closing_the_article_is_dropped():
    bio = ("Pai de dois filhos, Carlos Nadalim é coordenador pedagógico numa escola de São Paulo "
           "e escreve sobre alfabetização em casa desde 2012, com cursos para pais e professores.")
    out = clean(page(MENU, PARAGRAPHS, ["Sobre Carlos Nadalim"], [bio], ["Facebook", "Twitter"], MENU))
    assert PARAGRAPHS[-1] in out
    assert "coordenador pedagógico" not in out and "Sobre Carlos Nadalim" not in out


def test_contact_box_is_not_the_article():
    """A long customer-service line must not outweigh a short article."""
    contact = ("The Example Post Customer Service Center can be contacted with any questions or requests: "
               "Telephone: 03-761-9056 Fax: 03-561-3699 E-mail: subs@example.com The center is staffed and "
               "questions may be answered Sunday to Thursday between 7AM and 2PM and Friday between 7AM and "
               "1PM, and you may also write to us at any time of the week")
    out = clean(page(MENU, PARAGRAPHS[:2], MENU * 3, [contact], MENU))
    assert PARAGRAPHS[0] in out and PARAGRAPHS[1] in out
    assert "Customer Service" not in out


def test_sentence_broken_after_commas_is_one_line():
    from cleaner.structure import _continues
    assert _continues("また、その他にも、", "もとの商品に付された商標を剥奪抹消した商品を販売する行為や、")
    assert not _continues("Home,", "- World")
    assert not _continues("The council met on Tuesday.", "it rained")


def test_extracted_first_line_that_a_list_follows_is_not_a_headline():
    text = page(["Running speed can be raised with console codes"],
                ["- player.setav speedmult 100", "- player.setav health 200", "- player.setav stamina 300"],
                PARAGRAPHS)
    assert clean(text).startswith("Running speed can be raised with console codes\n")


def test_extracted_first_line_broken_off_at_a_link_is_not_a_headline():
    text = page(["Binge eating disorder is considered the most common eating disorder in the United States ("],
                PARAGRAPHS)
    assert "most common eating disorder" in clean(text)


def test_page_title_with_site_name_means_a_whole_page():
    """Few menu lines, but a first line naming the site: the text is a page, and the list
    of most-commented stories above the article goes."""
    most_commented = [f"Story number {n} about the season that fans keep talking about ({100 + n})"
                      for n in range(6)]
    text = page(["Council expands bus network to northern suburbs – The Valley Courier"],
                most_commented, ["Council expands bus network to northern suburbs"], PARAGRAPHS)
    out = clean(text)
    assert PARAGRAPHS[0] in out
    assert "fans keep talking" not in out


def test_publication_stamp_inside_a_page_is_dropped():
    stamp = "PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019"
    out = clean(page(MENU, PARAGRAPHS[:1], [stamp], PARAGRAPHS[1:], MENU))
    assert "PUBLISHED" not in out
    for para in PARAGRAPHS:
        assert para in out


def test_a_date_without_a_time_is_not_a_stamp():
    from cleaner.structure import _TIME_OF_DAY
    assert not _TIME_OF_DAY.search("2018.04.05 ~ OPEN RUN")
    assert not _TIME_OF_DAY.search("The score was 3:2 in 2019")
    assert _TIME_OF_DAY.search("November 19, 2019, 6:21 AM EST")


def test_each_block_lists_the_decisions_on_its_own_lines():
    # a sentence broken at each link is joined into one logical line, so the blocks'
    # decisions cannot be found by counting source lines
    broken = ["The council said on Tuesday that the new routes", "would start in the spring",
              "and that fares would stay the same for the rest of the year."]
    text = page(MENU, PARAGRAPHS[:2], [], PARAGRAPHS[2:], MENU).replace(
        PARAGRAPHS[1], PARAGRAPHS[1] + "\n\n" + "\n".join(broken))
    from cleaner import structure
    doc, ctx = read_up_to_boilerplate(text)
    lines = structure.classify(doc, ctx)
    infos = lines.infos()
    assert any(len(info.lines) > 1 for info in infos)
    for block in doc.blocks:
        own = [f"line {i.start}-{i.end}: first {i.first}, final {i.final} ({i.why})"
               for i in infos if i.block is block]
        assert block.decisions == ["structure: text read as a whole page"] + own
