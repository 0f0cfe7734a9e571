"""One error type for bad input, and the one safe way the program reads YAML.

Every file a user can edit (front matter, ``catalog.yaml``, ``entities.yaml``,
``annotations.yaml``, ``config.yaml``) is read through :func:`load_yaml`:
``safe_load`` semantics, plus limits that keep a hostile or broken file from
costing more than a clear one-line message: an alias budget (a "billion laughs"
file of anchors and aliases is refused before anything is built), a nesting
limit, and every exception the YAML library can raise on bad input (invalid
dates such as ``2025-13-45``, integers too long to convert) turned into a
:class:`InputError` with its line and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# How many nodes aliases may add to a document (beyond the nodes written out).
# Real files use no aliases at all or a handful; a "billion laughs" adds billions.
YAML_EXPANSION_BUDGET = 100_000
YAML_MAX_DEPTH = 200


class InputError(ValueError):
    """Bad input in one file: what is wrong, and where (path, 1-based line and column)."""

    def __init__(
        self, message: str, path: Path | str | None = None, line: int | None = None, column: int | None = None,
        problem: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.problem = problem or message  # what is wrong, without the kind of error
        self.path = path
        self.line = line
        self.column = column

    @property
    def where(self) -> str:
        """``line 3, column 5`` (or ``line 3``, or empty)."""
        if self.line is None:
            return ""
        return f"line {self.line}" + (f", column {self.column}" if self.column is not None else "")

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        prefix = f"{self.path}: " if self.path is not None else ""
        return f"{prefix}{place}{self.message}"


# libyaml's parser when PyYAML has it: the pure-Python scanner and parser take time
# quadratic in the nesting depth (a 6 kB catalog of 3,000 nested brackets took 10 s to
# refuse), libyaml refuses past its own nesting limit at once. Both are safe loaders.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _BudgetLoader(_SafeLoader):
    """A safe loader that measures what a document would expand to before building it."""

    def get_single_node(self):
        node = super().get_single_node()
        if node is not None:
            check_expansion(node)
        return node


class _TextDatesLoader(_BudgetLoader):
    """Leaves unquoted dates as text, for metadata the program parses itself: an
    impossible date (``2025-13-45``) then costs only that field, not the file."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BudgetLoader.yaml_implicit_resolvers.items()
}


def check_expansion(root) -> None:
    """Refuse what aliases would add beyond the budget (a file written out in full,
    however large, is not a bomb), nesting beyond the limit, and an alias inside itself."""
    sizes: dict[int, int] = {}
    distinct = 0
    open_nodes: set[int] = set()  # being sized: meeting one again is a cycle
    # Iterative post-order walk: shared (aliased) nodes are sized once and
    # counted every time they are used, as building them would.
    stack: list[tuple[Any, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, expanded = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if expanded or not children:
            total = 1 + sum(sizes[id(child)] for child in children)
            distinct += 1
            if total - distinct > YAML_EXPANSION_BUDGET:
                raise _Refused(node, "expands beyond the size limit (YAML anchors and aliases used as a bomb?)")
            sizes[id(node)] = total
            open_nodes.discard(id(node))
            continue
        if depth > YAML_MAX_DEPTH:
            raise _Refused(node, f"nested more than {YAML_MAX_DEPTH} levels deep")
        open_nodes.add(id(node))
        stack.append((node, depth, True))
        for child in children:
            if id(child) in open_nodes:
                raise _Refused(child, "refers to itself (recursive YAML alias)")
            if id(child) not in sizes:
                stack.append((child, depth + 1, False))


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


class _Refused(yaml.YAMLError):
    def __init__(self, node, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = node.start_mark


def load_yaml(text: str, path: Path | str | None = None, line_offset: int = 0, dates: bool = True) -> Any:
    """Parse ``text`` like ``yaml.safe_load``; any failure is an :class:`InputError`.

    ``line_offset`` is added to reported lines (front matter starts after the
    opening ``---``); ``dates=False`` keeps unquoted dates as strings."""
    try:
        return yaml.load(text, Loader=_BudgetLoader if dates else _TextDatesLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if "maximum nesting depth" in problem:  # libyaml's words for what RecursionError says below
            problem = "nested too deeply"
        if mark is not None:
            raise InputError(f"invalid YAML: {problem}", path, mark.line + 1 + line_offset, mark.column + 1, problem) from None
        raise InputError(f"invalid YAML: {problem}", path, problem=problem) from None
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply", path, problem="nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # Raised while building values: "month must be in 1..12" for 2025-13-45,
        # "Exceeds the limit ... for integer string conversion" for huge ints.
        raise InputError(f"invalid YAML value: {exc}", path, problem=str(exc)) from None


def yaml_error_message(exc: InputError, what: str = "invalid YAML") -> str:
    """``invalid YAML at line 3, column 5: ...``: one line, without the path."""
    where = f" at {exc.where}" if exc.where else ""
    return f"{what}{where}: {exc.problem}"
