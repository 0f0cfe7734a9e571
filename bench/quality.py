"""Analysis quality on hand-annotated gold: the seeds and the 40-article BBC dev set.

    python bench/quality.py [--rules] [--no-gazetteer] [--json] [--out DIR]

Runs the analysis on each gold file's text (exactly as the gold has it), writes
one system file per article in the format ``../shared/eval/score.py`` reads, and
prints that scorer's table for the seeds and for the dev set. Needs the shared
folder beside the project (the scorer lives there); says so and exits 2 if absent.

Honesty note: the gold was written by this project's own sessions; see the
README's "Measuring quality" section for what that means for these numbers.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
GOLD = {"seeds": ROOT / "tests" / "gold" / "seeds", "dev": ROOT / "tests" / "gold" / "dev"}


def load_scorer():
    if not SCORER.is_file():
        return None
    spec = importlib.util.spec_from_file_location("newsdesk_eval_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def system_output(gold_dir: Path, out_dir: Path, prefer_model: bool = True, gazetteer=None) -> None:
    """Analyse every gold text and write ``out_dir/<id>.json`` for the scorer."""
    from search.analysis import Analyser, load_gazetteer
    from search.article import Article
    from search.sources.cleaning import find_boilerplate

    analyser = Analyser(gazetteer if gazetteer is not None else load_gazetteer(), prefer_model=prefer_model)
    analyser.prepare()
    golds = sorted(gold_dir.glob("*.json"))
    articles = []
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        articles.append(Article(
            id=gold["id"], title="", source=gold.get("source"), date=None, url=None, path=path, text=gold["text"],
            boilerplate=find_boilerplate(gold["text"]),
        ))
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, article, analysis in zip(golds, articles, analyser.analyse(articles)):
        system = {
            "entities": [{"start": e.start, "end": e.end, "type": e.type} for e in analysis.entities],
            "quotes": [{"start": q.start, "end": q.end, "speaker": q.speaker} for q in analysis.quotes],
            # Reported claims only: those with a source, or attributed by a reporting act.
            "claims": [
                {"sentence_start": c.start, "sentence_end": c.end, "attributed_to": c.attributed_to}
                for c in analysis.claims if getattr(c, "kind", "reported") == "reported"
            ],
        }
        (out_dir / path.name).write_text(json.dumps(system, ensure_ascii=False), encoding="utf-8")


def measure(prefer_model: bool = True, empty_gazetteer: bool = False, keep: Path | None = None) -> dict:
    """Scores per gold set: {"seeds": {...}, "dev": {...}} in score.py's shape."""
    scorer = load_scorer()
    if scorer is None:
        raise FileNotFoundError(f"the scorer is not at {SCORER}")
    gazetteer = None
    if empty_gazetteer:
        from search.analysis import Gazetteer

        gazetteer = Gazetteer()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, gold_dir in GOLD.items():
            out = (keep or Path(tmp)) / name
            system_output(gold_dir, out, prefer_model, gazetteer)
            results[name] = scorer.score(str(gold_dir), str(out))
    return results


def table(results: dict) -> str:
    rows = [
        ("entity F1 (exact span + type)", lambda r: r["entities"]["ALL"]["f1"]),
        ("quote F1", lambda r: r["quotes"]["f1"]),
        ("speaker accuracy (strict)", lambda r: r["quotes"]["speaker_acc_strict"]),
        ("speaker accuracy (lenient)", lambda r: r["quotes"]["speaker_acc_lenient"]),
        ("reported-claim F1", lambda r: r["claims"]["f1"]),
        ("reported-claim precision", lambda r: r["claims"]["p"]),
        ("claim source accuracy (strict)", lambda r: r["claims"]["attrib_acc_strict"]),
    ]
    names = list(results)
    lines = [f"{'':34s}" + "".join(f"{n:>10s}" for n in names)]
    for label, get in rows:
        lines.append(f"{label:34s}" + "".join(f"{get(results[n]):10.3f}" for n in names))
    lines.append("")
    lines.append("entities by type (F1, dev):  " + "  ".join(
        f"{t} {v['f1']:.2f}" for t, v in results.get("dev", next(iter(results.values())))["entities"].items() if v["gold"]
    ))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", action="store_true", help="the rule-based recogniser instead of the model")
    parser.add_argument("--no-gazetteer", action="store_true", help="an empty alias map instead of the bundled one")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--out", type=Path, help="keep the system files here")
    args = parser.parse_args()
    try:
        results = measure(not args.rules, args.no_gazetteer, args.out)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(results, indent=1) if args.json else table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
