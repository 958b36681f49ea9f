"""`procare-ai documents extract FILE [--json]`: read one onboarding document on this machine.

With `--json`, stdout is exactly the one JSON object of the contract (DESIGN.md) and every log line goes to
stderr; without it, a table. A missing, unreadable or unsupported file is one line on stderr and a non-zero
exit, never a traceback. SSNs and document numbers are masked by the reader before anything is printed.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

documents_app = typer.Typer(help="Onboarding documents: read an I-9, W-4, background check or CPR card.")

EXIT_MISSING = 4
EXIT_UNREADABLE = 2
EXIT_FAILED = 1


def _fail(message: str, code: int) -> typer.Exit:
    Console(stderr=True).print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@documents_app.command("extract")
def extract(
    file: Annotated[Path, typer.Argument(help="PNG, JPEG or PDF (with or without a text layer).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the contract's JSON object only.")] = False,
    review_threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Fields read with less confidence are marked for review.")
    ] = 0.85,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress to stderr.")] = False,
) -> None:
    """Classify the document and print its fields, each with a confidence (SSNs masked)."""
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(message)s",
    )
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise _fail(f"no such file: {file}", EXIT_MISSING) from None
    except IsADirectoryError:
        raise _fail(f"{file} is a directory, not a document", EXIT_UNREADABLE) from None
    except OSError as exc:
        raise _fail(f"cannot read {file}: {exc.strerror or type(exc).__name__}", EXIT_UNREADABLE) from None
    if not data:
        raise _fail(f"{file} is empty", EXIT_UNREADABLE)

    from agents.onboarding import UnreadableDocument, extract_document

    try:
        result = extract_document(data, review_threshold=review_threshold).as_json()
    except UnreadableDocument as exc:
        raise _fail(f"{file}: {exc.message}", EXIT_UNREADABLE) from None
    except Exception as exc:  # a reader bug must still end in one line (and no value of the document)
        logging.getLogger(__name__).debug("extraction failed", exc_info=True)
        raise _fail(f"{file}: the document could not be read ({type(exc).__name__})", EXIT_FAILED) from None
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
        return
    _print_table(file, result)


def _print_table(file: Path, result: dict[str, Any]) -> None:
    console = Console()
    signed = {True: "signed", False: "NOT signed", None: ""}[result["signed"]]
    console.print(
        f"[bold]{escape(file.name)}[/bold]: {result['kind']} (confidence {result['kind_confidence']:.2f}, "
        f"{result['source'].replace('_', ' ')}, {result['pages']} page{'s' if result['pages'] != 1 else ''})"
        + (f", {signed}" if signed else ""),
        highlight=False,
    )
    table = Table("field", "value", "confidence", "note")
    review = set(result["needs_review"])
    for name, field in result["fields"].items():
        note = "[yellow]confirm[/yellow]" if name in review else ""
        table.add_row(name, escape(str(field["value"])), f"{field['confidence']:.2f}", note)
    for name in result["missing"]:
        table.add_row(name, "", "", "[red]missing[/red]" + (" (unreadable)" if name in review else ""))
    for name in result["not_applicable"]:
        table.add_row(name, "N/A", "", "")
    console.print(table)
