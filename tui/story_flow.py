"""Stories (``S``, the palette, ``o`` on the claims board): list them, compare one, go to a sentence and back.

The stories and a story's comparison are computed in a thread worker (the
first time, grouping reads every article's analysis); the screens only lay
out what arrives.
"""

from __future__ import annotations

from search.paths import display_location
from search.sanitize import safe_line

from .story_screen import StoriesScreen, StoryScreen


class StoryFlow:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library
        self.left_for_article: str | None = None  # the story an article was opened from: S goes back to it

    def _ready(self) -> bool:
        if self.library.analysed:
            return True
        self.app.set_status("stories are ready once analysis has finished")
        self.app.bell()
        return False

    def open_list(self) -> None:
        """The list of stories; after opening an article from a story, that story again."""
        if isinstance(self.app.screen, (StoriesScreen, StoryScreen)) or not self._ready():
            return
        back_to = self.left_for_article
        self.app.set_status("finding stories…")
        self.app.run_worker(lambda: self._list(back_to), group="stories", exclusive=True, thread=True, exit_on_error=False)

    def _list(self, back_to: str | None) -> None:
        stories = self.library.stories()
        comparison = self.library.story_comparison(back_to) if back_to else None
        self.app.call_from_thread(self._show_list, stories, comparison)

    def _show_list(self, stories, comparison) -> None:
        self.app.set_status(f"{len(stories)} stories")
        self.app.push_screen(StoriesScreen(stories), self._chosen)
        if comparison is not None:
            self.app.push_screen(StoryScreen(comparison, self))

    def _chosen(self, story_id: str | None) -> None:
        if story_id:
            self.open_story(story_id, from_list=True)
        else:
            self.left_for_article = None

    def open_story(self, ref: str, from_list: bool = False) -> None:
        if not self._ready():
            return
        self.app.run_worker(lambda: self._compare(ref, from_list), group="stories", exclusive=True, thread=True, exit_on_error=False)

    def _compare(self, ref: str, from_list: bool) -> None:
        try:
            comparison = self.library.story_comparison(ref)
        except KeyError as exc:
            self.app.call_from_thread(self._missing, str(exc.args[0]))
            return
        self.app.call_from_thread(self._show_story, comparison, from_list)

    def _missing(self, reason: str) -> None:
        self.app.set_status(reason)
        self.app.bell()

    def _show_story(self, comparison, from_list: bool) -> None:
        if from_list:
            # Back from the story goes to the list it was chosen from.
            self.app.push_screen(StoriesScreen(self.library.stories()), self._chosen)
        self.app.push_screen(StoryScreen(comparison, self))

    def open_for_claim(self, article_id: str, index: int) -> None:
        """The story of a claim chosen on the claims board (found in the worker: the
        first time, grouping reads every article's analysis)."""
        claims = self.library.claims(article_id)
        cluster = claims[index].cluster if 0 <= index < len(claims) else None
        if cluster is None or not self._ready():
            self.app.set_status("this claim's articles are in no story")
            self.app.bell()
            return

        def find() -> None:
            story = self.library.story_of_cluster(cluster)
            if story is None:
                self.app.call_from_thread(self._missing, "this claim's articles are in no story")
                return
            self._compare(story.id, False)

        self.app.run_worker(find, group="stories", exclusive=True, thread=True, exit_on_error=False)

    def open_sentence(self, article_id: str, start: int, end: int) -> None:
        """Leave the story for the article, at that sentence; S comes back."""
        screen = self.app.screen
        story = screen.comparison.story if isinstance(screen, StoryScreen) else None
        while len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self.app.open_article(article_id, focus_reader=True)
        self.app.reading.reader.select(start, end)
        if story is not None:
            self.left_for_article = story.id
            self.app.set_status("opened from the story · S goes back to it · a annotates this sentence")

    def closed_story(self) -> None:
        self.left_for_article = None

    def annotate(self, article_id: str, start: int, end: int) -> None:
        """The annotation dialog for a sentence of the story; it lands in the same annotations file."""
        self.app.annotating.annotate_span(article_id, start, end)

    def export(self, story_id: str) -> None:
        """The comparison as Markdown and JSON beside the annotations file (written in a worker)."""

        def write() -> None:
            try:
                paths = self.library.save_story_exports(story_id)
            except OSError as exc:
                self.app.call_from_thread(self.app.notify, safe_line(f"Story not exported: {exc}"), severity="error")
                return
            where = ", ".join(display_location(p) for p in paths)
            self.app.call_from_thread(self.app.notify, safe_line(f"Story exported to {where}"))

        self.app.run_worker(write, group="story-export", thread=True, exit_on_error=False)
