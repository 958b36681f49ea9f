"""OCR benchmark: how well the onboarding reader reads the sandbox's packets, scanned several ways.

For each variant of the same documents (text-layer PDF, clean PNG scan, 3-degree tilt with grain as JPEG,
faded copy, picture-only PDF) it prints kind accuracy, field accuracy (fields read exactly as printed,
out of all printed) and seconds per page, next to a baseline measured in the same run on the same files:
OCR without the clean-up (no deskew, no contrast normalisation) for scans, forced OCR for the text-layer
PDF. With tesseract installed, `--engine both` adds Debian's tesseract 5 through the same reader.
Configurations are interleaved per document so machine load drifts equally on all.

    .venv/bin/python bench/ocr.py [--hires 3] [--engine rapidocr|tesseract|both]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from agents.onboarding.extract import extract_document
from agents.onboarding.ocr import OcrEngine, default_engine
from agents.onboarding.reading import ReadOptions
from bench.figures import Figure, add_arguments, write
from sandbox import form_layout, scans
from sandbox.generator import SandboxData
from sandbox.packets import PacketDocument

TODAY = date(2026, 12, 1)
RAW = ReadOptions(deskew=False, contrast=False)
CLEANED = ReadOptions()


def _scan(style: scans.ScanStyle, fmt: str) -> Callable[[PacketDocument], bytes]:
    def make(doc: PacketDocument) -> bytes:
        picture = scans.scan(form_layout.render_png(doc.pages[0], dpi=doc.dpi), style, seed=doc.seed)
        if fmt == "jpeg":
            return scans.to_jpeg(picture)
        if fmt == "pdf":
            return form_layout.images_to_pdf([picture], dpi=doc.dpi)
        return form_layout.png_bytes(picture)

    return make


VARIANTS: dict[str, Callable[[PacketDocument], bytes]] = {
    "text-layer PDF": lambda doc: form_layout.render_pdf(doc.pages, title=doc.kind),
    "clean PNG": _scan(scans.CLEAN, "png"),
    "tilt 3deg+noise JPEG": _scan(scans.TILTED_NOISY, "jpeg"),
    "low-contrast PNG": _scan(scans.LOW_CONTRAST, "png"),
    "scanned PDF": _scan(scans.CLEAN, "pdf"),
}


@dataclass
class Tally:
    docs: int = 0
    kinds_right: int = 0
    fields_right: int = 0
    fields: int = 0
    seconds: float = 0.0
    to_review: int = 0

    def add(self, doc: PacketDocument, result: dict, seconds: float) -> None:
        self.docs += 1
        self.kinds_right += result["kind"] == doc.kind
        got = {name: field["value"] for name, field in result["fields"].items()}
        self.fields += len(doc.truth)
        self.fields_right += sum(got.get(name) == value for name, value in doc.truth.items())
        self.to_review += len(result["needs_review"])
        self.seconds += seconds


def packet_documents(hires: int) -> list[PacketDocument]:
    data = SandboxData(seed=7, centers=hires, staff_per_center=12, today=TODAY)
    docs: list[PacketDocument] = []
    for index in range(hires):
        center = data.center(index)
        assert center.documents
        docs.extend(center.packet_of_document.values())
    return docs


def configurations(variant: str, engines: list[OcrEngine]) -> dict[str, tuple[ReadOptions, OcrEngine]]:
    configs: dict[str, tuple[ReadOptions, OcrEngine]] = {}
    for engine in engines:
        if variant == "text-layer PDF":
            if engine is engines[0]:
                configs["text layer"] = (CLEANED, engine)
            configs[f"forced OCR ({engine.name})"] = (ReadOptions(force_ocr=True), engine)
        else:
            configs[f"raw ({engine.name})"] = (RAW, engine)
            configs[f"deskew+contrast ({engine.name})"] = (CLEANED, engine)
    return configs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hires", type=int, default=3, help="new hires whose packets are read (4 docs each)")
    parser.add_argument("--engine", choices=("rapidocr", "tesseract", "both"), default="rapidocr")
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=list(VARIANTS))
    add_arguments(parser, short_help="one packet, the tilted JPEG variant only")
    args = parser.parse_args()
    if args.short:
        args.hires, args.variants = 1, ["tilt 3deg+noise JPEG"]
    engines: list[OcrEngine] = []
    if args.engine in ("rapidocr", "both"):
        engines.append(default_engine())
    if args.engine in ("tesseract", "both"):
        import ocr_tesseract

        if not ocr_tesseract.available():
            parser.error("tesseract is not installed (apt-get install tesseract-ocr)")
        engines.append(ocr_tesseract.TesseractEngine())
    docs = packet_documents(args.hires)
    print(
        f"{len(docs)} documents from {args.hires} packets; variants: {', '.join(args.variants)}", flush=True
    )
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for variant in args.variants:
        configs = configurations(variant, engines)
        for n, doc in enumerate(docs, 1):
            data = VARIANTS[variant](doc)
            for label, (options, engine) in configs.items():
                started = time.perf_counter()
                result = extract_document(data, options=options, engine=engine).as_json()
                tallies[(variant, label)].add(doc, result, time.perf_counter() - started)
            print(f"  {variant}: {n}/{len(docs)}", end="\r", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    print(
        f"\n{'variant':22} {'configuration':40} {'kind acc':>8} {'field acc':>9} {'review':>6} {'s/page':>7}"
    )
    figures = []
    for variant in args.variants:
        rows = [(label, tallies[(variant, label)]) for label in configurations(variant, engines)]
        base = rows[0][1]
        best_label, best = rows[1]
        figures.append(
            Figure(
                "ocr",
                f"OCR field accuracy, {variant}, {best_label}",
                best.fields_right / best.fields,
                "",
                rows[0][0],
                base.fields_right / base.fields,
            )
        )
        for label, t in rows:
            ratio = "" if t is base else f"  ({t.seconds / base.seconds:.1f}x the time of {rows[0][0]})"
            print(
                f"{variant:22} {label:40} {t.kinds_right / t.docs:8.0%} {t.fields_right / t.fields:9.1%} "
                f"{t.to_review:6d} {t.seconds / t.docs:7.2f}{ratio}"
            )
    write(args.results, figures)


if __name__ == "__main__":
    main()
