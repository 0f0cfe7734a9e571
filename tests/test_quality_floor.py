"""Analysis quality stays at or above what it reached, on the seed gold and the
40-article BBC dev gold (tests/gold/), scored by ../shared/eval/score.py.

The floors are the scores measured when they were set, less about 0.01 (the
seeds' at least the scores before parse-based attribution). `python
bench/quality.py` prints the current table. The dev gold was written by this
project's own sessions; the analysis is also judged on unseen articles, so a
floor here is a guard against regressions, not a target to fit.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from search.analysis.ner.spacy_model import model_problem

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"

# Reached (model path, bench/quality.py --sets seeds,dev): seeds entity F1 0.968, quote F1 1.000,
# speaker 0.941, claim F1 0.981 (P 1.000), source 0.943; dev 0.933, 0.997, 0.927, 0.956 (P 0.982),
# 0.945 (entity F1 was 0.949/0.905 before the branch on list, place, event and law cues). Before
# parse-based attribution the seeds were 1.000, 0.853, 0.825 (P 0.797), 0.723 (quotes and claims),
# and before the one-sense, product and source-resolution work entity F1 was 0.932/0.864
# and source 0.943/0.848.
# After the issue-9 work on the errors of dev and dev2 (general mechanisms, checked on unannotated
# BBC articles too): dev 0.936, 0.997, 0.964, 0.962 (P 0.982), 0.964; seeds unchanged. The dev
# floors for speaker, claim F1 and source were raised by less than half the gain.
FLOORS = {
    "seeds": {"entity_f1": 0.96, "quote_f1": 0.99, "speaker": 0.93, "claim_f1": 0.97, "claim_p": 0.99, "source": 0.93},
    "dev": {"entity_f1": 0.925, "quote_f1": 0.98, "speaker": 0.93, "claim_f1": 0.945, "claim_p": 0.97, "source": 0.93},
}

pytestmark = [
    pytest.mark.skipif(not SCORER.is_file(), reason=f"the scorer is not at {SCORER} (the shared eval folder is absent)"),
    pytest.mark.skipif(model_problem() is not None, reason=f"the floors are for the model: {model_problem()}"),
]


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("newsdesk_bench_quality", ROOT / "bench" / "quality.py")
    quality = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(quality)
    return quality.measure(keep=tmp_path_factory.mktemp("system"), sets=tuple(FLOORS))


@pytest.mark.parametrize("gold", sorted(FLOORS))
def test_quality_at_or_above_its_floor(scores, gold):
    result = scores[gold]
    reached = {
        "entity_f1": result["entities"]["ALL"]["f1"],
        "quote_f1": result["quotes"]["f1"],
        "speaker": result["quotes"]["speaker_acc_strict"],
        "claim_f1": result["claims"]["f1"],
        "claim_p": result["claims"]["p"],
        "source": result["claims"]["attrib_acc_strict"],
    }
    below = {name: (reached[name], floor) for name, floor in FLOORS[gold].items() if reached[name] < floor}
    assert not below, f"{gold}: below the floor (reached, floor): {below}"
