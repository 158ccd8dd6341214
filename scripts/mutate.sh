#!/usr/bin/env bash
# `make mutate`: mutation testing with mutmut (config: [tool.mutmut] in pyproject.toml; docs/testing.md) of every
# module it lists: measures/, path.py, plan.py, whatif.py, privacy.py and the server's HTTP layer (server/app.py).
# One mutmut run for all of them (each run collects the test-to-function map and runs the clean tests first, so one
# run per module repeated that work), niced, on at most MUTATE_JOBS processes (default 2), from a fresh mutants/
# folder so that no result of older code or older tests stands. MUTATE_MODULES picks modules (mutmut name globs),
# e.g. MUTATE_MODULES="kennisgraaf.plan.*" make mutate; MUTATE_KEEP=1 keeps earlier results and runs only the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
JOBS=${MUTATE_JOBS:-2}

if ! "$BIN/python" -c "import mutmut" 2>/dev/null; then
  echo "mutate: installing mutmut (the 'mutate' extra of pyproject.toml)" >&2
  "$BIN/python" -m pip install --quiet "mutmut==3.8.1"
fi
[ -n "${MUTATE_KEEP:-}" ] || rm -rf mutants
mkdir -p out
log=out/mutmut.log
start=$(date +%s)
# shellcheck disable=SC2086  # MUTATE_MODULES is a list of globs, one argument each
nice -n 15 "$BIN/mutmut" run --max-children "$JOBS" ${MUTATE_MODULES:-} > "$log" 2>&1 || {
  echo "mutate: mutmut failed (see $log)" >&2; exit 1; }
echo "mutate: $(( $(date +%s) - start )) s of wall clock on $JOBS processes; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$BIN/mutmut" results --all true 2>/dev/null | "$BIN/python" scripts/mutation_report.py
