"""Benchmark: ranking quality and latency of skills matching, every ranker in one run.

Run: `.venv/bin/python bench/skills.py [--sweep] [--staff 200]`. Not a test: prints figures, asserts nothing.

Quality: MRR@10 and nDCG@10 on the labelled set (tests/data/skills_labelled.json: 50 profiles, 23 needs
graded 0-3, 'dev' needs seen while the vocabulary was written, 'heldout' ones not) for the default
ranker, the lexical ranker, the hybrid lexical + MiniLM ranker and MiniLM alone (when the `embeddings`
extra is installed), and a plain keyword-overlap baseline (lower-cased words shared by need and profile,
English stopwords dropped, nothing else). `--sweep` also tries several hybrid weights.

Latency: `agents.skills.rank` for every need over a synthetic 200-staff center (profiles recombined from
the labelled ones with a fixed seed, so bios, trainings and credentials differ person to person): cold
(skills profiles, BM25 index and embeddings built on the call) and warm (the profiles already built, as
when they are stored), p50 and p99, beside the keyword baseline over the same center.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agents.skills import lexical_ranker, ranking, semantic  # noqa: E402
from bench.figures import Figure, add_arguments, write  # noqa: E402
from tests.skills_labelled import LabelledSet, Need, evaluate, keyword_baseline, load  # noqa: E402


def ranker_search(labelled: LabelledSet, ranker: ranking.Ranker) -> Callable[[str], list[str]]:
    def search(need: str) -> list[str]:
        matches = ranking.rank(labelled.profiles, need, as_of=labelled.as_of, ranker=ranker)
        return [m.staff_id for m in matches]

    return search


def quality(labelled: LabelledSet, sweep: bool) -> tuple[float, float]:
    """Prints the quality table; returns nDCG@10 over all needs of the default ranker and the baseline."""
    rankers: list[tuple[str, Callable[[str], list[str]]]] = [
        (
            "default (" + ranking.default_ranker().name + ")",
            ranker_search(labelled, ranking.default_ranker()),
        ),
        ("lexical", ranker_search(labelled, lexical_ranker())),
    ]
    if semantic.available():
        alphas = (0.3, 0.5, 0.7, 0.8, 0.9) if sweep else (ranking.HYBRID_ALPHA,)
        for alpha in alphas:
            hybrid = semantic.HybridRanker(lexical_ranker(), _encoder(), alpha=alpha)
            rankers.append((hybrid.name, ranker_search(labelled, hybrid)))
        rankers.append(
            (
                "embedding only",
                ranker_search(labelled, semantic.HybridRanker(lexical_ranker(), _encoder(), alpha=0.0)),
            )
        )
    else:
        print("hybrid / embedding: not installed (pip install -e '.[embeddings]')")
    rankers.append(("keyword baseline", keyword_baseline(labelled.profiles)))
    splits: list[tuple[str, list[Need]]] = [
        ("all", labelled.needs),
        ("dev", [n for n in labelled.needs if n.split == "dev"]),
        ("heldout", [n for n in labelled.needs if n.split == "heldout"]),
    ]
    print(
        f"quality on {len(labelled.profiles)} profiles, {len(labelled.needs)} needs (as_of {labelled.as_of})"
    )
    header = "".join(f"{name + ' MRR':>14}{name + ' nDCG':>14}" for name, _ in splits)
    print(f"{'ranker':<26}{header}")
    baseline_ndcg = 0.0
    results = []
    for name, search in rankers:
        cells = [evaluate(search, needs) for _, needs in splits]
        results.append((name, cells))
        if name == "keyword baseline":
            baseline_ndcg = cells[0].ndcg
    for name, cells in results:
        row = "".join(f"{c.mrr:>14.3f}{c.ndcg:>14.3f}" for c in cells)
        ratio = f"   x{cells[0].ndcg / baseline_ndcg:.2f} nDCG vs baseline" if baseline_ndcg else ""
        print(f"{name:<26}{row}{ratio}")
    lexical = dict(results)["lexical"][0]
    for name, cells in results:
        if name.startswith(("hybrid", "embedding", "keyword")):
            low, mean, high = paired_bootstrap(cells[0].per_need, lexical.per_need)
            interval = f"95% bootstrap CI {low:+.3f} to {high:+.3f}"
            print(f"  {name} - lexical, nDCG@10 over needs: {mean:+.3f} ({interval})")
    return results[0][1][0].ndcg, baseline_ndcg


def paired_bootstrap(
    a: dict[str, tuple[float, float]],
    b: dict[str, tuple[float, float]],
    *,
    samples: int = 10_000,
    seed: int = 15,
) -> tuple[float, float, float]:
    """Mean nDCG difference a - b over needs and its 95% interval, resampling needs with replacement."""
    diffs = [a[k][1] - b[k][1] for k in sorted(a)]
    rng = random.Random(seed)
    means = sorted(statistics.fmean(rng.choices(diffs, k=len(diffs))) for _ in range(samples))
    return means[int(0.025 * samples)], statistics.fmean(diffs), means[int(0.975 * samples) - 1]


_ENCODER: semantic.MiniLMEncoder | None = None


def _encoder() -> semantic.MiniLMEncoder:
    global _ENCODER
    if _ENCODER is None:
        _ENCODER = semantic.MiniLMEncoder()
    return _ENCODER


def synthetic_center(labelled: LabelledSet, staff: int, seed: int = 15) -> list[dict[str, Any]]:
    """`staff` profiles recombined from the labelled ones: each takes bio sentences, trainings,
    credentials, rooms and languages from different people, so no two are alike."""
    rng = random.Random(seed)
    pool = labelled.profiles
    sentences = [s for p in pool for s in re.split(r"(?<=[.;])\s+", p.get("bio", "")) if s]
    center = []
    for i in range(staff):
        donors = rng.sample(pool, 4)
        center.append(
            {
                "staff_id": f"C{i:04d}",
                "bio": " ".join(rng.sample(sentences, rng.randint(1, 3))),
                "trainings": donors[0].get("trainings", []) + donors[1].get("trainings", [])[:1],
                "credentials": donors[1].get("credentials", []),
                "rooms": donors[2].get("rooms", []),
                "languages": donors[3].get("languages", []),
            }
        )
    return center


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency(labelled: LabelledSet, staff: int, rounds: int) -> tuple[float, float]:
    """Prints the latency table; returns warm p99 (s) of the default ranker and of the keyword baseline."""
    center = synthetic_center(labelled, staff)
    needs = [n.text for n in labelled.needs]
    print(f"\nlatency of one need search over a {staff}-staff center ({len(needs)} needs x {rounds} rounds)")
    start = time.perf_counter()
    ranking.rank([{"staff_id": "W", "bio": "Warm up.", "languages": ["es"]}], "warm up", as_of=labelled.as_of)
    print(
        f"  one-time loads on a process's first call (language names, stemmer): "
        f"{(time.perf_counter() - start) * 1000:.0f} ms"
    )
    print("  cold: skills profiles, BM25 index (and record embeddings) built in the call;")
    print("  warm: profiles already built, as when stored; every need embedded afresh")
    print(f"{'ranker':<20}{'cold':>12}{'warm p50':>12}{'warm p99':>12}{'p50 / baseline':>16}")
    base_p50, base_p99 = _report("keyword baseline", keyword_baseline(center), needs, rounds, None)
    default_p99 = base_p99
    for ranker in _installed_rankers():

        def search(need: str, r: ranking.Ranker = ranker) -> object:
            return ranking.rank(center, need, as_of=labelled.as_of, ranker=r)

        _p50, p99 = _report(ranker.name, search, needs, rounds, ranker, base_p50)
        if ranker.name == ranking.default_ranker().name:
            default_p99 = p99
    return default_p99, base_p99


def _report(
    name: str,
    search: Callable[[str], object],
    needs: list[str],
    rounds: int,
    ranker: ranking.Ranker | None,
    base_p50: float | None = None,
) -> tuple[float, float]:
    encoder = getattr(ranker, "encoder", None)
    encoder = encoder if isinstance(encoder, semantic.MiniLMEncoder) else None
    ranking._cached_profile.cache_clear()
    lexical_ranker()._indexes.clear()
    if encoder:
        encoder.clear()
    start = time.perf_counter()
    search(needs[0])
    cold = time.perf_counter() - start
    samples = []
    for _ in range(rounds):
        for need in needs:
            if encoder:
                encoder.forget([need])
            start = time.perf_counter()
            search(need)
            samples.append(time.perf_counter() - start)
    p50, p99 = statistics.median(samples), percentile(samples, 0.99)
    ratio = p50 / (base_p50 or p50)
    print(f"{name:<20}{cold * 1000:>9.1f} ms{p50 * 1000:>9.2f} ms{p99 * 1000:>9.2f} ms{ratio:>15.1f}x")
    return p50, p99


def _installed_rankers() -> list[ranking.Ranker]:
    found: list[ranking.Ranker] = [lexical_ranker()]
    if semantic.available():
        found.append(semantic.HybridRanker(lexical_ranker(), _encoder(), alpha=ranking.HYBRID_ALPHA))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--sweep", action="store_true", help="try several hybrid weights")
    add_arguments(parser, short_help="5 latency rounds instead of --rounds")
    args = parser.parse_args()
    if args.short:
        args.rounds = 5
    labelled = load()
    if semantic.available():
        start = time.perf_counter()
        _encoder().encode(["warm up"])
        print(
            f"MiniLM model load (import torch + read weights, once per process): "
            f"{time.perf_counter() - start:.1f} s"
        )
    p99, base_p99 = latency(labelled, args.staff, args.rounds)  # first: it shows the one-time loads
    ndcg, base_ndcg = quality(labelled, args.sweep)
    name = ranking.default_ranker().name
    write(
        args.results,
        [
            Figure(
                "skills",
                f"skills search warm p99, {name} ({args.staff} staff)",
                p99 * 1e3,
                "ms",
                "keyword-overlap p99",
                base_p99 * 1e3,
            ),
            Figure("skills", f"skills nDCG@10, {name}", ndcg, "", "keyword-overlap nDCG@10", base_ndcg),
        ],
    )


if __name__ == "__main__":
    main()
