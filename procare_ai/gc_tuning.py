"""Garbage-collector settings of a worker process: fewer, cheaper collections under a burst of events.

A graph run allocates tens of thousands of short-lived objects (parsed records, pydantic models, state
copies); with CPython's default gen0 threshold (700) a collection runs several times per event, and each
full collection walks every object the process holds, the imported modules and the compiled graph
included: bench/ratios.py saw ~100 ms pauses among ~1 ms events. After start-up the worker moves what
it holds into the permanent generation (`gc.freeze()`: never scanned again) and raises the gen0
threshold, so young collections are rarer and a full one scans only what runs allocated since.
Reference cycles are still collected; memory held by garbage waits at most one gen0 threshold longer.
"""

from __future__ import annotations

import gc

GEN0_THRESHOLD = 50_000
"""Allocations between young collections (CPython's default: 700)."""
OLDER_THRESHOLDS = (20, 20)
"""Young collections per gen1 collection, gen1 per full collection (CPython's default: 10, 10)."""


def tune_for_worker(gen0: int = GEN0_THRESHOLD) -> tuple[int, int, int]:
    """Collect once, freeze what start-up built, and set the thresholds; returns the thresholds now in
    force. Call once, after the services and the graph are built and before the first job."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(gen0, *OLDER_THRESHOLDS)
    return gc.get_threshold()
