"""``newsdesk stories [PATH ...] [--json]``: the stories in a corpus (articles about one event);
``newsdesk story ID [PATH ...] [--json|--md]``: one story compared across its outlets."""

from __future__ import annotations

import argparse
import json

from .common import add_common, add_paths, corpus_command, load_and, say, stderr


def parser() -> argparse.ArgumentParser:
    return corpus_command(
        "newsdesk stories",
        "Stories: articles about the same event, grouped by the names, words and statements they share.",
        lambda parser: parser.add_argument("--json", action="store_true", help="one JSON object per story per line"),
    )


def run(args) -> int:
    library = load_and(args, "analyse", warn="summary")
    if library is None:
        return 2
    stories = library.stories()
    if args.json:
        for number, story in enumerate(stories, start=1):
            print(json.dumps({"number": number, **story.to_dict()}, ensure_ascii=False))
        return 0
    from rich.console import Console

    out = Console(highlight=False, soft_wrap=True)
    if not stories:
        say(out, "No two articles report the same event.")
    for number, story in enumerate(stories, start=1):
        first, last = story.dates
        when = f"{first} to {last}" if first != last else (first or "undated")
        say(out, f"{number}. {story.id}  {len(story.members)} articles · {when} · {story.title}", style="bold")
        for member in story.members:
            say(out, f"- {member.date or 'undated':<10}  {member.column}  ({member.article_id})")
    return 0


def story_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk story",
        description="One story compared across outlets: what each states, conflicts, quote wording and a timeline.",
    )
    parser.add_argument("story", metavar="ID", help="a story id (s-…), its number in `newsdesk stories`, or one of its articles' ids")
    add_paths(parser)
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="the comparison as JSON")
    shape.add_argument("--md", action="store_true", help="the comparison as Markdown tables (default)")
    add_common(parser)
    return parser


def run_story(args) -> int:
    library = load_and(args, "analyse", warn="summary")
    if library is None:
        return 2
    try:
        text = library.story_export(args.story, "json" if args.json else "md")
    except KeyError as exc:
        say(stderr(), f"error: {exc.args[0]}")
        return 1
    print(text, end="")
    return 0
