"""Resolve date expressions ("June 19, 2024", "December last year", "on Sunday")
against the article's own date, so that claims from different days compare."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..lexicon import MONTH_NUMBERS, WEEKDAY_NUMBERS

# Alternations of the lower-case names: expressions are lower-cased before matching.
_MONTH = "|".join(MONTH_NUMBERS)
_WEEKDAY = "|".join(WEEKDAY_NUMBERS)


@dataclass(frozen=True)
class DateValue:
    """A resolved date as a range [first, last] with the precision it was stated in."""

    first: dt.date
    last: dt.date
    precision: str  # "day", "week", "month" or "year"

    @property
    def label(self) -> str:
        if self.precision == "day":
            return self.first.isoformat()
        if self.precision == "month":
            return self.first.strftime("%Y-%m")
        if self.precision == "year":
            return str(self.first.year)
        return f"{self.first.isoformat()}/{self.last.isoformat()}"

    def agrees_with(self, other: "DateValue") -> bool:
        """Two statements agree when their ranges overlap ("June 2024" ~ "June 19, 2024")."""
        return self.first <= other.last and other.first <= self.last


def _month_range(year: int, month: int) -> DateValue:
    return DateValue(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), "month")


def _day(year: int, month: int, day: int) -> DateValue | None:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    return DateValue(value, value, "day")


def _latest_month_before(month: int, today: dt.date, strictly: bool) -> int:
    """The year of the most recent ``month`` before (or, unless strictly, during) ``today``'s month."""
    if month < today.month or (month == today.month and not strictly):
        return today.year
    return today.year - 1


def _day_of(year: str | None, month: int, day: int, today: dt.date | None) -> DateValue | None:
    """A day written with its year, or without one: the last such day on or before ``today``."""
    if year:
        return _day(int(year), month, day)
    if today is None:
        return None
    return _day(today.year if (month, day) <= (today.month, today.day) else today.year - 1, month, day)


def resolve(expression: str, today: dt.date | None) -> DateValue | None:
    """The date an expression names, or None if it names none we can place."""
    text = " ".join(expression.lower().replace(",", " ").split())
    text = re.sub(r"^(?:on|in|since|by|the)\s+", "", text)

    match = re.fullmatch(rf"(?:(?:{_WEEKDAY})\s+)?({_MONTH})\s+(\d{{1,2}})(?:\s+(\d{{4}}))?", text)
    if match:
        return _day_of(match.group(3), MONTH_NUMBERS[match.group(1)], int(match.group(2)), today)

    # The day first, as British and many other outlets write it: "3 May 2021", "19th June".
    match = re.fullmatch(rf"(?:(?:{_WEEKDAY})\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH})(?:\s+(\d{{4}}))?", text)
    if match:
        return _day_of(match.group(3), MONTH_NUMBERS[match.group(2)], int(match.group(1)), today)

    match = re.fullmatch(rf"({_MONTH})\s+(\d{{4}})", text)
    if match:
        return _month_range(int(match.group(2)), MONTH_NUMBERS[match.group(1)])

    match = re.fullmatch(r"(1[89]\d\d|20\d\d)", text)
    if match:
        year = int(match.group(1))
        return DateValue(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")

    if today is None:
        return None

    match = re.fullmatch(rf"({_MONTH})\s+(last|this|next)\s+year", text)
    if match:
        year = today.year + {"last": -1, "this": 0, "next": 1}[match.group(2)]
        return _month_range(year, MONTH_NUMBERS[match.group(1)])

    match = re.fullmatch(rf"(last|this|next)\s+({_MONTH})", text)
    if match:
        month = MONTH_NUMBERS[match.group(2)]
        if match.group(1) == "last":
            return _month_range(_latest_month_before(month, today, strictly=True), month)
        if match.group(1) == "this":
            return _month_range(today.year, month)
        return _month_range(today.year + (1 if month <= today.month else 0), month)

    match = re.fullmatch(rf"({_MONTH})", text)
    if match:  # "in December": the most recent one
        month = MONTH_NUMBERS[match.group(1)]
        return _month_range(_latest_month_before(month, today, strictly=False), month)

    match = re.fullmatch(r"(last|this|next)\s+(year|month|week)", text)
    if match:
        step = {"last": -1, "this": 0, "next": 1}[match.group(1)]
        if match.group(2) == "year":
            year = today.year + step
            return DateValue(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
        if match.group(2) == "month":
            month_index = today.year * 12 + today.month - 1 + step
            return _month_range(month_index // 12, month_index % 12 + 1)
        monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=step)
        return DateValue(monday, monday + dt.timedelta(days=6), "week")

    match = re.fullmatch(rf"(?:(last|this|next)\s+)?({_WEEKDAY})", text)
    if match:  # "on Sunday": the most recent one, this day included
        weekday = WEEKDAY_NUMBERS[match.group(2)]
        back = (today.weekday() - weekday) % 7
        if match.group(1) == "last" and back == 0:
            back = 7
        if match.group(1) == "next":
            value = today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7)
        else:
            value = today - dt.timedelta(days=back)
        return DateValue(value, value, "day")
    return None
