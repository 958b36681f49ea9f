"""`python -m procare_ai.cli ...`, as the tests and benchmarks start the CLI."""

from procare_ai.cli import app

app()
