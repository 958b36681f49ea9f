#!/usr/bin/env bash
# Run the whole test suite. On a fresh machine this also creates .venv and installs the project;
# tests use the Postgres at PROCARE_AI_TEST_DATABASE_URL, else 127.0.0.1:5432, else an embedded one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
