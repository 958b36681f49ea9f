"""`procare-ai documents extract` as a real process: the JSON contract on stdout, logs on stderr, a table
without --json, and one line (no traceback) for a missing or unreadable file."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sandbox import form_layout, forms, scans

pytestmark = pytest.mark.acceptance

PERSON = forms.Person(
    "Luis", "Torres", "A", date(1988, 2, 29), "923-45-6789", "luis.torres7@example.org", "(713) 555-0102",
    "120 Elm St", "Houston", "TX", "77002",
)  # fmt: skip


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "procare_ai.cli", "documents", "extract", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture(scope="module")
def w4_scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = forms.w4_page(
        PERSON,
        filing_status="single",
        signed_on=date(2026, 11, 2),
        employer="Kids First",
        first_day=date(2026, 11, 3),
    )
    path = tmp_path_factory.mktemp("docs") / "w4 scan.jpg"
    path.write_bytes(scans.to_jpeg(scans.scan(form_layout.render_png(page), scans.TILTED_NOISY, seed=5)))
    return path


@pytest.mark.slow
def test_json_is_one_object_on_stdout_with_logs_on_stderr(w4_scan: Path) -> None:
    done = cli(str(w4_scan), "--json", "--verbose")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)  # the whole of stdout is one JSON object
    assert done.stdout.count("\n") == 1
    assert result["kind"] == "w4"
    assert {k: v["value"] for k, v in result["fields"].items()} == {
        "first_name": "Luis",
        "last_name": "Torres",
        "ssn": "***-**-6789",
        "filing_status": "single",
    }
    assert result["missing"] == []
    assert "document read: kind=w4" in done.stderr
    for secret in ("923-45-6789", "923456789"):
        assert secret not in done.stdout + done.stderr


def test_table_without_json(tmp_path: Path) -> None:
    page = forms.background_page(
        "Luis Torres", agency="Texas HHSC Background Check Unit", checked_on=date(2026, 10, 1),
        result="ineligible", provider="Kids First", request_id="BC-1",
    )  # fmt: skip
    path = tmp_path / "background.pdf"
    path.write_bytes(form_layout.render_pdf([page], title="bg"))
    done = cli(str(path))
    assert done.returncode == 0, done.stderr
    assert "background_check" in done.stdout and "ineligible" in done.stdout and "2026-10-01" in done.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(done.stdout)


@pytest.mark.parametrize(
    ("content", "exit_code", "words"),
    [
        (None, 4, "no such file"),
        (b"", 2, "is empty"),
        (b"plain text, not a scan", 2, "not a PNG, JPEG or PDF"),
        (b"%PDF-1.4\n1 0 obj <<", 2, "PDF cannot be"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 2, "cannot be decoded"),
    ],
)
def test_bad_files_exit_non_zero_with_one_line(
    tmp_path: Path, content: bytes | None, exit_code: int, words: str
) -> None:
    path = tmp_path / "upload.pdf"
    if content is not None:
        path.write_bytes(content)
    done = cli(str(path), "--json")
    assert done.returncode == exit_code
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_a_directory_is_refused(tmp_path: Path) -> None:
    done = cli(str(tmp_path), "--json")
    assert done.returncode == 2 and "is a directory" in done.stderr and "Traceback" not in done.stderr
