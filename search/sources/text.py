"""Plain text (``.txt``): the whole file is one article, its id the file name.

A leading ``date YYYY-MM-DD`` (the seeds' form) is the article's date, not
part of its body; title and source are inferred from the text.
"""

from __future__ import annotations

from typing import Iterator

from ..article import Article
from ..sanitize import clean_text
from ._base import SourceFile
from ._registry import register


class TextSource:
    name = "text"
    suffixes = (".txt",)
    order = 10

    def load(self, file: SourceFile) -> Iterator[Article]:
        yield file.article(file.stem_id, clean_text(file.text))


register(TextSource())
