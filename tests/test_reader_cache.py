"""The reader wraps an article once per width and restyles only the lines a change touches."""

from __future__ import annotations

import pytest

import tui.reader
from tui.reader import ArticleView

from .scenarios import make_app, settle, type_text, warm_analysis_cache, warm_home  # noqa: F401 - fixtures


def count_work(monkeypatch):
    wraps, styled = [], []
    real_wrap, real_styled = tui.reader.wrap_offsets, ArticleView._styled
    monkeypatch.setattr(tui.reader, "wrap_offsets", lambda *a: wraps.append(a) or real_wrap(*a))
    monkeypatch.setattr(ArticleView, "_styled", lambda self, *a: styled.append(a[0]) or real_styled(self, *a))
    return wraps, styled


@pytest.mark.every_frame  # counts what a frame draws
async def test_stepping_through_hits_restyles_only_the_lines_they_are_on(monkeypatch):
    app = make_app()
    async with app.run_test(size=(140, 150)) as pilot:  # tall: the whole article is on screen
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "kursk")
        await pilot.press("enter", "enter")
        await settle(pilot)
        reader = app.query_one(ArticleView)
        assert len(reader.hits) >= 3 and reader.line_count < reader.size.height
        await pilot.pause()
        wraps, styled = count_work(monkeypatch)
        await pilot.press("n", "n")
        await pilot.pause()
        assert reader.current_hit == 1
        assert wraps == []  # the same article at the same width is never wrapped again
        # The lines of the hits whose style changed, not the whole article.
        assert 0 < len(styled) <= 4 < reader.line_count


async def test_scrolling_reuses_the_lines_already_drawn(monkeypatch):
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        reader = app.query_one(ArticleView)
        await pilot.pause()
        wraps, styled = count_work(monkeypatch)
        await pilot.press("j")
        await pilot.pause()
        assert reader.scroll_offset.y == 1
        assert wraps == [] and len(styled) <= 1  # only the line that scrolled into view
        await pilot.press("k")
        await pilot.pause()
        assert wraps == [] and len(styled) <= 2


async def test_j_and_k_move_the_reader_at_once_without_an_animation():
    # The key's own frame shows the line moved: no deferred, animated scroll
    # whose frames each draw the whole pane again. Animations on, as a user has them
    # (the suite turns them off: tests/conftest.py).
    app = make_app()
    app.animation_level = "full"
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        reader = app.query_one(ArticleView)
        assert reader.line_count > reader.size.height
        reader.action_scroll_down()
        assert reader.scroll_y == 1 and not app.animator.is_being_animated(reader, "scroll_y")
        reader.action_scroll_down()
        reader.action_scroll_up()
        assert reader.scroll_y == 1
        await pilot.pause()
        assert reader.scroll_offset.y == 1


@pytest.mark.every_frame  # counts what a frame draws
async def test_a_scrolled_frame_looks_the_pane_style_up_once_not_per_line(monkeypatch):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        reader = app.query_one(ArticleView)
        await pilot.pause()
        looked_up = []
        real = type(reader).rich_style
        monkeypatch.setattr(type(reader), "rich_style", property(lambda self: looked_up.append(1) or real.fget(self)))
        await pilot.press("j")
        await pilot.pause()
        assert reader.scroll_offset.y == 1
        assert 0 < len(looked_up) <= 3 < reader.size.height  # once a pass, not once a line
