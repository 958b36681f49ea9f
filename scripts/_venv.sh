# Create .venv and install the project when missing or when pyproject.toml changed (sourced by scripts).
PY=${PYTHON:-python3}
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "setting up .venv (first run only, a few minutes while pip installs the project and its OCR engine; log in .venv/install.log)..." >&2
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e '.[dev]'; } \
      >.venv/install.log 2>&1; then
    tail -n 40 .venv/install.log >&2
    echo "installing the project failed (full log: .venv/install.log)" >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi
