"""The quick read-only path for the command line's ``search``: answer from the
index alone when it is current, without loading the corpus or any analysis.

``Library`` records in the index's manifest (``index_state``) the corpus
files' sizes and times as they were read, the files the analyser's key depends
on, and what a search prints besides its results (load problems, the analyser's
warning). ``quick_search`` checks those with one ``stat`` each; if anything
changed, or the query needs what only a loaded ``Library`` has (annotations,
entity aliases, analysis still to run), it returns None and the caller loads
the corpus as usual.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .paths import file_stat

if TYPE_CHECKING:
    from .api import Library
    from .results import SearchResult

# Queries with these fields need the loaded library: annotations, entity aliases.
_NEEDS_LIBRARY = {"verdict", "tag", "entity", "person", "org", "gpe", "loc", "norp", "law", "event"}
_FIELD = re.compile(r'(?<![\w"])([A-Za-z_]+):')


def analysis_note(done: int, total: int) -> str | None:
    """One line on what analysis has not reached yet; None when nothing is missing."""
    if done >= total:
        return None
    return f"entities: {done * 100 // total}% analysed; entity: queries may miss articles"


def index_state(library: "Library") -> dict | None:
    """What ``quick_search`` needs to trust the index without loading the corpus;
    None when a quick answer could differ from a loaded library's (an extra
    entities file, rules chosen by the caller, articles whose analysis failed)."""
    analyser = library._analyser  # noqa: SLF001 - the façade's own parts
    if not analyser.prefer_model or not getattr(library, "_quick_ok", False):
        return None
    key = analyser.key
    if any(p.message.startswith("analysis failed") for p in library.problems):
        return None
    problems = list(library.problems)
    return {
        "files": library._corpus.files,  # noqa: SLF001
        "environment": _environment(),
        "key": key,
        "warning": analyser.warning,
        "articles": len(library.articles),
        "problems": {
            "count": len(problems),
            "summary": library.problem_summary(),
            "lines": [str(p) for p in problems] if len(problems) <= 10 else [],
        },
    }


def _environment() -> dict[str, list[int] | None]:
    """The files the analyser's key depends on besides the code: the gazetteers
    and the model (a changed or removed one changes the key)."""
    from .analysis.ner.gazetteer import BUNDLED, user_gazetteer_path
    from .analysis.ner.spacy_model import MODEL_PACKAGE, MODEL_VERSION

    files = [BUNDLED, user_gazetteer_path()]
    spacy = importlib.util.find_spec("spacy")
    if spacy is not None and spacy.origin:
        files.append(Path(spacy.origin))
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        files.append(Path(list(spec.submodule_search_locations)[0]) / f"{MODEL_PACKAGE}-{MODEL_VERSION}" / "ner" / "model")
    return {str(path): file_stat(path) for path in files}


@dataclass
class QuickAnswer:
    """A search answered from the index alone: the result, the articles it shows
    (``article(id)`` has ``id``, ``title``, ``source``, ``date_text``, ``text``)
    and what a loaded library would have said besides."""

    result: "SearchResult"
    articles: object
    problem_lines: list[str]
    problem_count: int
    problem_summary: str | None
    analysis_warning: str | None
    note: str | None

    def article(self, article_id: str):
        return self.articles[article_id]


def quick_search(paths: Iterable[Path | str] | None, index_root: Path | str | None, query: str, limit: int | None) -> QuickAnswer | None:
    """``query`` answered from a current index, or None (load the library instead)."""
    if {name.lower() for name in _FIELD.findall(query)} & _NEEDS_LIBRARY:
        return None
    from .paths import SEEDS_DIR

    roots = tuple(Path(p).expanduser().resolve() for p in (list(paths) if paths else [SEEDS_DIR]))
    from .index.build import index_dir_for
    from .index.quick import StoredArticles, analysed_count, open_current

    root = Path(index_root).expanduser() if index_root else None
    opened = open_current(index_dir_for(roots, root))
    if opened is None:
        return None
    ix, state = opened
    problems = state.get("problems") or {}
    from .index.query import QueryEngine, make_searcher

    with make_searcher(ix) as searcher:
        total = searcher.doc_count()
        if not total or total != state.get("articles"):
            return None
        articles = StoredArticles(searcher)
        try:
            result = QueryEngine(ix.schema).search(searcher, query, articles, limit, snippets=True)
            done = analysed_count(searcher, str(state.get("key")))
        except Exception:  # noqa: BLE001 - a damaged index: the loaded library repairs it
            return None
        # The results' articles, read now: the searcher closes here.
        for hit in result.hits:
            articles.get(hit.article_id)
    return QuickAnswer(
        result, articles, list(problems.get("lines") or []), int(problems.get("count") or 0), problems.get("summary"),
        state.get("warning"), analysis_note(done, total),
    )
