"""Word wrapping keeps every character and maps screen lines back to offsets."""

from __future__ import annotations

from hypothesis import given, strategies as st
from rich.cells import cell_len

from tui.wrap import wrap_offsets

text_strategy = st.text(alphabet=st.sampled_from(list("ab cdé  xyz—“”漢字")), max_size=200)


@given(text_strategy, st.integers(min_value=1, max_value=60))
def test_lines_cover_the_text_in_order_without_gaps(text, width):
    lines = wrap_offsets(text, width)
    assert lines[0][0] == 0 and lines[-1][1] == len(text)
    for (_, end), (start, _) in zip(lines, lines[1:]):
        assert end == start
    assert "".join(text[s:e] for s, e in lines) == text


@given(text_strategy, st.integers(min_value=2, max_value=60))
def test_visible_part_of_each_line_fits(text, width):
    for start, end in wrap_offsets(text, width):
        assert cell_len(text[start:end].rstrip()) <= width


def test_words_are_not_split_when_they_fit():
    text = "The quick brown fox jumps over the lazy dog"
    assert [text[s:e] for s, e in wrap_offsets(text, 16)] == ["The quick brown ", "fox jumps over ", "the lazy dog"]


def test_a_word_longer_than_the_line_is_folded():
    assert wrap_offsets("abcdefghij", 4) == [(0, 4), (4, 8), (8, 10)]
