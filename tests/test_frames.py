"""One frame for an article opened (tui/frames.py), a focus change that repaints what it
restyles only, and full garbage collections at pauses in typing (tui/heap.py)."""

from __future__ import annotations

import asyncio
import gc
import time

from textual import events

from tui import frames, heap
from tui.article_list import ArticleList
from tui.reader import ArticleView

from .scenarios import make_app, settle, warm_analysis_cache, warm_home  # noqa: F401 - fixtures


async def test_an_article_opened_is_drawn_once_when_everything_has_moved(monkeypatch):
    from tui.inspector import Inspector

    real_update = Inspector.update

    def slow_update(self, change, context):  # as on a large corpus: the frame timer comes due meanwhile
        time.sleep(0.03)
        real_update(self, change, context)

    monkeypatch.setattr(Inspector, "update", slow_update)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        articles.focus()
        await pilot.press("j")
        await pilot.pause()
        wanted = articles.highlighted_option.id
        screen = app.screen
        drawn: list[tuple[bool, str | None, bool]] = []
        real = screen._compositor_refresh

        def counting():
            reader = app.query_one(ArticleView)
            drawn.append((app in frames._held, app.open_article_id, reader.has_focus))
            real()

        screen._compositor_refresh = counting
        app.post_message(events.Key("enter", "\r"))  # Pilot.press would pause (and draw) after it
        quiet = 0
        for _ in range(10_000):  # until every message the key set off is handled
            await asyncio.sleep(0)
            quiet = quiet + 1 if (frames._settled(app) and app not in frames._held) else 0
            if quiet > 2:
                break
        screen._on_timer_update()  # the frame due now
        # One frame, drawn when everything had moved: the article open and the reader focused.
        assert drawn == [(False, wanted, True)]


async def test_a_hold_ends_by_its_limit_when_the_messages_never_stop(monkeypatch):
    monkeypatch.setattr(frames, "LIMIT", 0.05)
    monkeypatch.setattr(frames, "_settled", lambda app: False)  # a chain of messages that never runs out
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        frames.hold_frames(app)
        assert app in frames._held and app._batch_count == 1
        frames.hold_frames(app)  # one hold at a time
        assert app._batch_count == 1
        await asyncio.sleep(0.3)
        assert app not in frames._held
        assert not app._batch_count  # frames are drawn again
        await pilot.pause()


async def test_moving_focus_repaints_what_it_restyles_not_the_whole_screen():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, frames.MainScreen)
        repainted = []
        real = screen.refresh

        def refresh(*regions, **kwargs):
            repainted.append((regions, kwargs))
            return real(*regions, **kwargs)

        screen.refresh = refresh
        reader = app.query_one(ArticleView)
        reader.focus()
        await pilot.pause()
        assert reader.has_focus and screen.focused is reader
        assert not [r for r in repainted if not r[0] and r[1].get("repaint", True)], repainted


def test_full_collections_wait_for_a_pause_in_typing(monkeypatch):
    now = [100.0]
    collected = []
    monkeypatch.setattr(heap.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(heap.gc, "collect", lambda *args: collected.append(args))
    counts = [(0, 0, 3)]
    monkeypatch.setattr(heap.gc, "get_count", lambda: counts[0])
    collector = heap.IdleCollector()
    collector.key()
    now[0] += heap.IDLE / 2
    collector._tick()
    assert collected == []  # typing: not yet
    now[0] += heap.IDLE
    collector._tick()
    assert collected == [()]  # a pause, and young collections since the last full one
    counts[0] = (0, 0, 0)
    now[0] += heap.IDLE
    collector._tick()
    assert collected == [()]  # nothing new since


async def test_the_app_leaves_the_collectors_thresholds_as_it_found_them():
    before = gc.get_threshold()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        young, middle, full = gc.get_threshold()
        assert (young, middle) == before[:2] and full == before[2] * heap.SPARE
    assert gc.get_threshold() == before


async def test_the_article_opened_as_the_app_starts_is_not_held_from_the_first_frame(monkeypatch):
    from tui import reading

    holds = []
    monkeypatch.setattr(reading, "hold_frames", lambda app: holds.append(app.open_article_id))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.open_article_id and holds == []  # the first frame comes as soon as it can
        articles = app.query_one(ArticleList)
        articles.focus()
        await pilot.press("j", "enter")
        assert len(holds) == 1
