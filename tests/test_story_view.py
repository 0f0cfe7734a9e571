"""The story view: snapshots at 80x24 and 160x50, and a keyboard flow from the list
to a story, to an article's sentence and back (issue 13)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from tui.story_screen import StoriesScreen, StoryScreen

from .scenarios import make_app, settle, warm_analysis_cache, warm_home  # noqa: F401 - fixtures


async def _open_story(pilot) -> None:
    await settle(pilot)
    await pilot.press("S")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def _story_moved(pilot) -> None:
    await _open_story(pilot)
    await pilot.press("l", "l")  # past the second column: the outlets shift by one
    await pilot.pause()


@pytest.mark.parametrize("size, act", [((80, 24), _story_moved), ((160, 50), _open_story)], ids=["80x24", "160x50"])
def test_story_view(snap_compare, size, act):
    assert snap_compare(make_app(), terminal_size=size, run_before=act)


async def test_list_to_story_to_sentence_and_back():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_story(pilot)
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        story_id = screen.comparison.story.id
        assert screen.visible() == 2  # two outlets at a time in 80 columns
        table = screen.query_one(DataTable)
        assert len(table.columns) == 3
        first_columns = [str(c.label) for c in table.columns.values()]
        await pilot.press("l", "l")
        await pilot.pause()
        assert screen.first == 1 and [str(c.label) for c in table.columns.values()] != first_columns
        await pilot.press("h", "h", "h")
        await pilot.pause()
        assert screen.first == 0
        # The first row is the disputed treaty date; its explanation is shown.
        assert "⚠" in str(screen.query_one("#story-detail").render())
        await pilot.press("j")
        assert table.cursor_coordinate.row == 1
        await pilot.press("k")
        row, member, statements = screen.current()
        assert row.conflicts and statements
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.screen_stack) == 1
        assert app.open_article_id == statements[0].article_id
        reader = app.query_one("#reader")
        assert reader.selection == (statements[0].start, statements[0].end)
        await pilot.press("S")  # back to the story it came from
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen) and app.screen.comparison.story.id == story_id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoriesScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == 1


async def test_annotating_a_cell_lands_in_the_annotations_file():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_story(pilot)
        _, _, statements = app.screen.current()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("2", "ctrl+s")
        await settle(pilot)
        placed = app.library.placed_annotations(statements[0].article_id)
        assert any(p and (p.start, p.end) == (statements[0].start, statements[0].end) and a.verdict == "disputed" for a, p in placed)
        assert app.library.annotations.path.exists()
        await pilot.press("x")
        await settle(pilot)
        exported = app.library.annotations.path.parent / f"story-{app.screen.comparison.story.id}.md"
        assert "## Conflicts" in exported.read_text(encoding="utf-8")
        assert any("Story exported to" in n for n in app.notices)


async def test_the_board_opens_the_story_of_a_claim():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen)


async def test_article_text_is_shown_as_text(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = ("date 2031-03-07 Mayor [bold red]Lena Ortiz[/] opened the Harbor Bridge in Port Vale on Friday, March 7. "
            "Lena Ortiz said the Harbor Bridge in Port Vale cost 40 million dollars, and Port Vale paid for it.")
    (corpus / "a.txt").write_text(body, encoding="utf-8")
    (corpus / "b.txt").write_text(body.replace("Mayor", "The mayor,"), encoding="utf-8")
    app = make_app([corpus])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        stories = app.library.stories()
        if not stories:
            pytest.skip("the two articles were not grouped")
        app.stories.open_story(stories[0].id)
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        cells = [str(table.get_cell_at((r, c))) for r in range(table.row_count) for c in range(1, len(table.columns))]
        assert any("[bold red]Lena Ortiz[/]" in text for text in cells)
