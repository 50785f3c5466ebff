#!/usr/bin/env bash
# Runs every check: lint, format, types, and the whole test suite with coverage.
# DATABASE_URL selects the database (default: SQLite); extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export RATHAUS_DATA_DIR="${RATHAUS_DATA_DIR:-$(cd .. && pwd)/shared/data}"

echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> mypy (strict)"
.venv/bin/mypy src
echo "==> pytest (${DATABASE_URL:-SQLite}), one worker per core"
.venv/bin/pytest -n auto --durations=15 --cov --cov-report=term:skip-covered -p no:cacheprovider "$@"
