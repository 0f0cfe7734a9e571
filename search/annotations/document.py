"""The annotations file as text: parse it, and write it back changing as little as possible.

A save rewrites only the records that changed. Everything else a person wrote
stays byte for byte: comments at the top of the file, comments above, inside
and beside a record nobody changed, keys newsdesk does not know (at the top
level and inside records: ``reviewer: bob``). A record that did change is
written afresh with the comment lines it held kept above it. Every layout-
preserving write is checked by parsing it back; should that ever disagree, the
whole file is written afresh instead (comments at the top still kept), so a
clever write can cost a comment but never a record.

Parsing follows :func:`search.errors.load_yaml`'s rules (alias budget, depth
limit, any library exception a message with line and column). Valid files are
read with libyaml when it is installed, several times faster on big files;
there the budget counts only what aliases add, so a big file written out in
full is not taken for a bomb. Anything the fast path does not accept is read
again by ``load_yaml`` itself, so refusals read the same as everywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, check_expansion, load_yaml
from .model import FORMAT_VERSION, VERDICTS, Annotation, AnnotationFileError

HEADER = "# newsdesk annotations: edit freely; keep each record's id. Verdicts: " + ", ".join(VERDICTS) + "\n"
_FILE_KEYS = ("version", "annotations")
_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")  # what YAML counts as a line break
_DASH = re.compile(r"( *)-[ ]+")


@dataclass(frozen=True)
class _Chunk:
    leading: str  # blank and comment lines above the record
    body: str  # the record's own lines, from its dash to its last value


@dataclass(frozen=True)
class _Layout:
    prelude: str  # everything up to and including the ``annotations:`` line
    postlude: str  # everything after the last record
    indent: int  # column of the records' dashes
    chunks: dict[str, _Chunk]


@dataclass
class Document:
    """One parse of the file: its records in file order, and how it was laid out."""

    records: dict[str, Annotation] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # top-level keys besides version and annotations
    header: str = ""  # comment (and blank) lines before anything else
    empty: bool = True  # no content at all: missing, zero bytes, or only blanks and comments
    _layout: _Layout | None = None


def decode(raw: bytes, path: Path | str) -> str:
    """UTF-8 text, or an error naming the line and column of the first bad byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise AnnotationFileError(
            f"{path}: line {line}, column {column}: byte 0x{raw[exc.start]:02x} is not UTF-8 text "
            "(fix or remove it; the file is left as it is)"
        ) from None


def read(text: str, path: Path | str = "annotations file") -> Document:
    """Parse the file's text; any problem is an AnnotationFileError naming where."""
    node, data = _load(text, path)
    lines = _lines(text)
    document = Document(header=_header(lines), empty=data is None)
    if data is None:
        return document
    if not isinstance(data, dict) or not isinstance(data.get("annotations", []), list):
        raise AnnotationFileError(f"{path}: expected 'version: {FORMAT_VERSION}' and a list under 'annotations:'")
    version = data.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise AnnotationFileError(f"{path}: format version {version!r} is not supported (expected {FORMAT_VERSION})")
    for number, record in enumerate(data.get("annotations") or [], start=1):
        annotation = Annotation.from_record(record, number)
        if annotation.id in document.records:
            raise AnnotationFileError(f"{path}: record {number}: id {annotation.id!r} appears twice")
        document.records[annotation.id] = annotation
    document.extra = {k: v for k, v in data.items() if k not in _FILE_KEYS}
    if node is not None:
        document._layout = _layout_of(node, lines, list(document.records))
    return document


def render(annotations: Sequence[Annotation], like: Document | None = None) -> tuple[str, Document]:
    """The file's text for ``annotations`` (in this order), keeping what ``like``
    (the file as last read) had: its header, comments and keys of its own; and
    that text read back (for the next save to keep its layout)."""
    if like is not None and like._layout is not None and annotations:
        text = _render_in_place(annotations, like, like._layout)
        try:
            check = read(text)
        except AnnotationFileError:
            check = None
        if check is not None and list(check.records.values()) == list(annotations) and check.extra == like.extra:
            return text, check
    text = dump(annotations, header=like.header if like is not None else "", extra=like.extra if like is not None else None)
    return text, read(text)


def dump(annotations, header: str = "", extra: dict | None = None) -> str:
    """The whole file written afresh."""
    body = {"version": FORMAT_VERSION, "annotations": [a.to_record() for a in annotations], **(extra or {})}
    if header and not header.endswith("\n"):
        header += "\n"
    return (header or HEADER) + _safe_dump(body)


# -- parsing ---------------------------------------------------------------------------------
def _load(text: str, path: Path | str) -> tuple[Any, Any]:
    """(root node or None, data). The node is there when libyaml read the file."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        loader = fast(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, None
            check_expansion(node)
            return node, loader.construct_document(node)
        except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError):
            pass  # read again below, for the reference message
        finally:
            loader.dispose()
    try:
        return None, load_yaml(text, path)
    except InputError as exc:
        raise AnnotationFileError(str(exc)) from None


def _lines(text: str) -> list[str]:
    """Lines with their breaks, numbered as YAML numbers them."""
    lines, start = [], 0
    for match in _BREAK.finditer(text):
        lines.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _header(lines: list[str]) -> str:
    header = []
    for line in lines:
        if not _is_blank_or_comment(line):
            break
        header.append(line)
    while header and not header[-1].strip():
        header.pop()
    return "".join(header)


def _layout_of(root, lines: list[str], ids: list[str]) -> _Layout | None:
    """Where each record's lines are, when the file is laid out plainly enough to
    tell (a block list under ``annotations:``, one dash per record); else None."""
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    found = [(k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "annotations"]
    if len(found) != 1:
        return None
    key, sequence = found[0]
    if not isinstance(sequence, yaml.SequenceNode) or sequence.flow_style or len(sequence.value) != len(ids) or not ids:
        return None
    starts, ends, indent = [], [], None
    for node in sequence.value:
        line = node.start_mark.line
        if line >= len(lines):
            return None
        dash = _DASH.fullmatch(lines[line][:node.start_mark.column])
        if dash is None or (indent is not None and len(dash.group(1)) != indent):
            return None
        indent = len(dash.group(1))
        starts.append(line)
        ends.append(_last_line(node))
    chunks, previous_end = {}, key.start_mark.line
    for annotation_id, start, end in zip(ids, starts, ends):
        if not (previous_end < start <= end < len(lines)):
            return None
        leading = lines[previous_end + 1:start]
        if not all(_is_blank_or_comment(line) for line in leading):
            return None
        chunks[annotation_id] = _Chunk("".join(leading), "".join(lines[start:end + 1]))
        previous_end = end
    return _Layout("".join(lines[:key.start_mark.line + 1]), "".join(lines[previous_end + 1:]), indent or 0, chunks)


def _last_line(node) -> int:
    """The line of a node's last character."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    mark = node.end_mark
    # A block scalar ends at the start of the line after it.
    return mark.line - 1 if mark.column == 0 and mark.line > node.start_mark.line else mark.line


# -- writing ---------------------------------------------------------------------------------
def _render_in_place(annotations: Sequence[Annotation], like: Document, layout: _Layout) -> str:
    parts = [_ended(layout.prelude)]
    for annotation in annotations:
        chunk = layout.chunks.get(annotation.id)
        if chunk is not None and like.records.get(annotation.id) == annotation:
            parts += [chunk.leading, _ended(chunk.body)]
            continue
        if chunk is not None:  # changed: written afresh, its comment lines kept above it
            parts += [chunk.leading, "".join(line for line in _lines(chunk.body) if line.strip().startswith("#"))]
        parts.append(_indented(_safe_dump([annotation.to_record()]), layout.indent))
    parts.append(layout.postlude)
    return "".join(parts)


def _ended(text: str) -> str:
    """``text`` ending with a line break."""
    return text if not text or text[-1] in "\n\r\x85\u2028\u2029" else text + "\n"


def _indented(text: str, indent: int) -> str:
    if not indent:
        return text
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in _lines(text))


class _Dumper(yaml.SafeDumper):
    """``safe_dump``, except that text holding a character YAML reads as a line
    break (NEL, LS, PS) is double-quoted, where it is escaped: PyYAML writes it raw
    in single quotes, and reading that back turns a NEL into a space."""


def _represent_text(dumper: yaml.SafeDumper, text: str):
    style = '"' if any(c in text for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def _safe_dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
