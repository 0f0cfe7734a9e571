"""Whoosh's segment writer, with one cost of writing a segment removed.

As a segment is written, every posting asks the new segment's per-document
reader for the document's length in that field. For a field that stores no
lengths (the ``id`` and ``analysis`` keys, the unscored ``spell`` words) the
reader looks for the lengths file on disk again each time: a ``stat`` per
posting, about 230,000 of them for BBC's 2,225 articles. ``_Lengths`` asks once
per field and otherwise answers exactly as the reader does."""

from __future__ import annotations

from whoosh.codec.whoosh3 import _lenfield
from whoosh.writing import SegmentWriter


class Writer(SegmentWriter):
    """``ix.writer(**kwargs)`` for a file index, with ``_Lengths`` at flush time."""

    def per_document_reader(self):
        return _Lengths(super().per_document_reader())


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
