#!/usr/bin/env bash
# Run the demo on embedded defaults (sandbox in-process, embedded or local Postgres, offline drafter).
# On a fresh machine this also creates .venv and installs the project.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
exec .venv/bin/procare-ai demo "$@"
