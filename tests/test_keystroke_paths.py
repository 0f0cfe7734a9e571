"""What a keystroke costs does not grow with what is listed, nor with the corpus: a
live search makes snippets and hit counts for the first rows before the list is
shown, the rest's once typing pauses, and no spelling suggestion on the way;
opening an article leaves the list measured (issue 10)."""

from __future__ import annotations

from tui import search_flow
from tui.article_list import ArticleList

from .conftest import write
from .scenarios import make_app, settle, type_text, warm_analysis_cache, warm_home  # noqa: F401 - fixtures


async def test_snippets_come_for_the_first_rows_first_and_the_rest_after(tmp_path, monkeypatch):
    for n in range(12):
        write(tmp_path / f"a{n:02d}.txt", f"date 2024-01-{n + 1:02d}\nWombat report {n}. " + f"The wombat number {n} dug. " * 3)
    monkeypatch.setattr(search_flow, "COUNTED_FIRST", 3)
    monkeypatch.setattr(search_flow, "COUNTED_LATER", 4)
    app = make_app([tmp_path])
    asked, first_shown = [], []
    real_search, real_show = app.library.search, app.searching.show_results

    def search(query, *args, **kwargs):
        asked.append((query, kwargs.get("limit"), kwargs.get("snippets", True)))
        return real_search(query, *args, **kwargs)

    def show(message):
        first_shown.append([hit.snippet for hit in message.result.hits])
        real_show(message)

    app.library.search, app.searching.show_results = search, show
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "wombat")
        await settle(pilot)
        # One search ranks the list and highlights its first three; the rest are
        # highlighted after it is shown (never all 200 on the keystroke's path).
        assert [a for a in asked if a[0] == "wombat"] == [("wombat", search_flow.RESULT_LIMIT, 3), ("wombat", 12, True)]
        shown = first_shown[-1]
        assert len(shown) == 12 and all(s is not None for s in shown[:3]) and all(s is None for s in shown[3:])
        prompts = {o.id: o.prompt.plain for o in app.query_one(ArticleList).options}
        for n in range(12):  # every row got its snippet and its count in the end
            assert f"The wombat number {n} dug" in prompts[f"a{n:02d}"] and "hits · " in prompts[f"a{n:02d}"], prompts[f"a{n:02d}"]


async def test_a_search_that_finds_nothing_leaves_the_did_you_mean_until_typing_pauses(tmp_path):
    # The suggestion reads the whole word list: never on a keystroke's path, asked
    # for once the typing has paused, and then shown as before.
    write(tmp_path / "a.txt", "date 2024-01-01\nWombats at dusk. The wombat burrow was deep and the wombat slept.")
    write(tmp_path / "b.txt", "date 2024-01-02\nA quiet harbour. Boats came in at dawn.")
    app = make_app([tmp_path])
    searched, suggested = [], []
    real_search, real_suggest = app.library.search, app.library.suggest

    def search(query, *args, **kwargs):
        searched.append((query, kwargs.get("suggest", True)))
        return real_search(query, *args, **kwargs)

    def suggest(query, *args, **kwargs):
        suggested.append(query)
        return real_suggest(query, *args, **kwargs)

    app.library.search, app.library.suggest = search, suggest
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "wombta")
        assert searched and all(suggest is False for _, suggest in searched), searched
        assert suggested and suggested[-1] == "wombta"
        assert "did you mean 'wombat'" in str(app.query_one("#status").content)
        assert app.searching.last_result.suggestion == "wombat"


async def test_opening_articles_and_badges_leave_the_list_measured():
    # Every article opened sets its badge in the list; replacing an option's prompt
    # the Textual way dropped every option's measured height and drawing, and the
    # next frame measured the whole list again (in proportion to the corpus).
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        cleared = []
        real_clear = articles._clear_caches
        articles._clear_caches = lambda: (cleared.append(1), real_clear())
        articles.focus()
        for _ in range(3):
            await pilot.press("j", "enter")
            await settle(pilot)
            articles.focus()
        assert app.open_article_id == articles.highlighted_option.id
        assert cleared == []
        # A new badge: that option alone is drawn again, with it.
        first = articles.get_option_at_index(0).id
        articles.set_badge(first, "2")
        await pilot.pause()
        assert cleared == []
        assert "✎ 2" in articles.get_option(first).prompt.plain
        assert articles.get_option_index(first) == 0 and articles.get_option(first) is articles.get_option_at_index(0)
        articles.set_badge(first, None)
        await pilot.pause()
        assert "✎" not in articles.get_option(first).prompt.plain and cleared == []


def test_a_newer_keystroke_stops_the_snippets_of_the_last_search(library, monkeypatch):
    # The snippets of a long result list (made after typing pauses) held the index
    # for up to half a second: the next keystroke's search waited for them all.
    import threading

    from search.index import query

    cancel = threading.Event()
    made = []
    real = query._snippet

    def snippet(hit, article):
        made.append(article.id)
        cancel.set()  # a key is pressed while the first snippet is made
        return real(hit, article)

    monkeypatch.setattr(query, "_snippet", snippet)
    assert library.search("treaty", limit=50, snippets=True).total >= 3  # the seeds have several
    made.clear()
    cancel.clear()
    result = library.search("treaty", limit=50, snippets=True, cancel=cancel)
    assert result.error == "cancelled" and len(made) == 1


async def test_a_long_list_makes_the_prompts_of_what_it_adds_only(tmp_path, monkeypatch):
    # Showing every article again (esc on a search) or 200 results made a prompt per
    # article on the keystroke's path; now a screenful is made, the rest as added.
    from tui import article_list

    for n in range(30):
        write(tmp_path / f"a{n:02d}.txt", f"date 2024-01-{n % 28 + 1:02d}\nHarbour report {n}. Boats came in at dawn.")
    monkeypatch.setattr(article_list, "FIRST_CHUNK", 5)
    monkeypatch.setattr(article_list, "LATER_CHUNK", 10)
    app = make_app([tmp_path])
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(pilot)
        made = []
        real = article_list._article_prompt
        monkeypatch.setattr(article_list, "_article_prompt", lambda *args: (made.append(args[0].id), real(*args))[1])
        articles = app.query_one(ArticleList)
        articles.show_articles(app.library.articles)
        assert len(made) == 12 == articles.option_count  # the screen's height (12 lines; each option has two)
        assert not articles.complete
        await settle(pilot)
        for _ in range(5):
            await pilot.pause()
        assert articles.complete and articles.option_count == 30
        assert sorted(made) == sorted(a.id for a in app.library.articles)  # each made once, when added



async def test_a_list_filling_in_waits_while_another_screen_is_on_top(tmp_path, monkeypatch):
    # Its chunks came after each refresh of whatever screen was shown: opening the claims
    # board while 19,000 articles were still being listed took 0.9-2.4 s instead of 0.2 s.
    from textual.screen import Screen

    from tui import article_list

    for n in range(30):
        write(tmp_path / f"a{n:02d}.txt", f"date 2024-01-{n % 28 + 1:02d}\nHarbour report {n}. Boats came in at dawn.")
    monkeypatch.setattr(article_list, "FIRST_CHUNK", 5)
    monkeypatch.setattr(article_list, "LATER_CHUNK", 5)
    monkeypatch.setattr(article_list, "HIDDEN_WAIT", 0.01)
    app = make_app([tmp_path])
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        await app.push_screen(Screen())
        articles.show_articles(app.library.articles)  # listed anew under it (as when analysis ends)
        shown = articles.option_count
        for _ in range(8):
            await pilot.pause(0.02)
        assert articles.option_count == shown and not articles.complete
        app.pop_screen()
        for _ in range(20):
            if articles.complete:
                break
            await pilot.pause(0.02)
        assert articles.complete and articles.option_count == 30


async def test_the_list_measures_its_options_at_the_width_they_are_drawn_in():
    # A short list has no scrollbar; a longer one shown in its place gets one, which
    # takes a column from the options measured just before it came. Textual measures
    # them again on a resize only: replacing any prompt (the badge set on every opened
    # article) dropped every measurement and hid that.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        found = app.library.search("treaty", limit=20, snippets=True)
        listed = [app.library.article(hit.article_id) for hit in found.hits]
        snippets = [(3, hit.snippet.pieces) for hit in found.hits]
        articles.show_results(listed[:1], snippets[:1])
        await pilot.pause()
        await pilot.pause()
        assert not articles.show_vertical_scrollbar
        articles.show_results(listed, snippets)
        await pilot.pause()
        await pilot.pause()
        assert articles.show_vertical_scrollbar
        width = articles.scrollable_content_region.width - articles._get_left_gutter_width()
        padding = articles.get_component_styles("option-list--option").padding
        heights = [articles._get_visual(option).get_height(articles.styles, width - padding.width) for option in articles.options]
        assert [articles._heights[index] for index in range(len(heights))] == heights


async def test_the_loaded_corpus_and_its_analyses_are_frozen_out_of_the_collectors_walk(monkeypatch):
    # A full collection walking the whole corpus was the slowest article openings
    # (tui/heap.py): what is alive once the app has mounted, and again once the
    # analyses have arrived, is frozen.
    import gc

    from tui import heap

    calls = []
    real = heap.settle
    monkeypatch.setattr(heap, "settle", lambda: (calls.append(gc.get_freeze_count()), real()))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.indexing.state == "done"
        assert len(calls) == 2  # on mount, and when the analyses arrived
        frozen = gc.get_freeze_count()
        assert frozen > calls[0]
