"""Whoosh's segment writer, with one cost of writing a segment removed.

As a segment is written, every posting asks the new segment's per-document
reader for the document's length in that field. For a field that stores no
lengths (the ``id`` and ``analysis`` keys, the unscored ``spell`` words) the
reader looks for the lengths file on disk again each time: a ``stat`` per
posting, about 230,000 of them for BBC's 2,225 articles. ``_Lengths`` asks once
per field and otherwise answers exactly as the reader does.

A commit merges with ``merge_few`` instead of Whoosh's ``MERGE_SMALL``: a change
to one article is a one-document commit, and ``MERGE_SMALL`` often folds it into a
merge of other segments, whose cost is per distinct term (about 600 per BBC
article in each of several fields): 0.1-0.25 s at 19,000 articles, on the path of
every edit. ``merge_few`` leaves segments as they are until there are
``MOST_SEGMENTS``, then lets ``MERGE_SMALL`` merge the small ones in one go; a
segment whose every document was replaced is dropped at once (nothing to copy)."""

from __future__ import annotations

from whoosh.codec.whoosh3 import _lenfield
from whoosh.writing import MERGE_SMALL, SegmentWriter

MOST_SEGMENTS = 10  # segments: beyond this many, Whoosh's MERGE_SMALL merges the small ones


class Writer(SegmentWriter):
    """``ix.writer(**kwargs)`` for a file index, with ``_Lengths`` at flush time."""

    def per_document_reader(self):
        return _Lengths(super().per_document_reader())

    def commit(self, mergetype=None, optimize=None, merge=None):
        if mergetype is None and not optimize and merge is None:
            mergetype = merge_few
        super().commit(mergetype=mergetype, optimize=optimize, merge=merge)


def merge_few(writer, segments):
    """A merge policy (Whoosh's signature): the segments to keep beside the new one.
    Segments with no live document are dropped; the rest are kept as they are
    until, with the new one, there would be more than ``MOST_SEGMENTS``, when
    ``MERGE_SMALL`` decides."""
    live = [s for s in segments if s.doc_count() > 0]
    if len(live) + 1 > MOST_SEGMENTS:
        return MERGE_SMALL(writer, live)
    return live


class _Lengths:
    """A per-document reader whose ``doc_field_length`` remembers which fields have
    no lengths on disk (those answer ``default``, as the reader would)."""

    def __init__(self, reader) -> None:
        self._reader = reader
        self._stored: dict[str, bool] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        stored = self._stored.get(fieldname)
        if stored is None:
            stored = self._stored[fieldname] = self._reader.has_column(_lenfield(fieldname))
        if not stored:
            if docnum > self._reader.doc_count_all():
                raise IndexError(f"Asked for docnum {docnum!r} of {self._reader.doc_count_all()}")
            return default
        return self._reader.doc_field_length(docnum, fieldname, default)

    def __getattr__(self, name):
        return getattr(self._reader, name)
