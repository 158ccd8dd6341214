#!/usr/bin/env bash
# `make mutate`: mutation testing of the core with mutmut (config: [tool.mutmut] in pyproject.toml; docs/testing.md).
# One module at a time, niced, on at most MUTATE_JOBS processes (default 2), so that a shared machine stays usable.
# MUTATE_MODULES overrides the list (mutmut name globs), e.g. MUTATE_MODULES="kennisgraaf.plan.*" make mutate.
# The privacy detectors and the server's HTTP layer (server/app.py) come last and only with MUTATE_ALL=1.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
JOBS=${MUTATE_JOBS:-2}
CORE="kennisgraaf.measures.* kennisgraaf.path.* kennisgraaf.plan.* kennisgraaf.whatif.*"
LAST="kennisgraaf.privacy.* kennisgraaf.server.app.*"
MODULES=${MUTATE_MODULES:-$CORE${MUTATE_ALL:+ $LAST}}

if ! "$BIN/python" -c "import mutmut" 2>/dev/null; then
  echo "mutate: installing mutmut (the 'mutate' extra of pyproject.toml)" >&2
  "$BIN/python" -m pip install --quiet "mutmut==3.8.1"
fi
mkdir -p out
for module in $MODULES; do
  echo "== mutmut: $module" >&2
  start=$(date +%s)
  log="out/mutmut-${module//\*/all}.log"
  nice -n 15 "$BIN/mutmut" run --max-children "$JOBS" "$module" > "$log" 2>&1 || {
    echo "mutate: mutmut failed on $module (see $log)" >&2; exit 1; }
  echo "   $(( $(date +%s) - start )) s" >&2
done
"$BIN/mutmut" results --all true 2>/dev/null | "$BIN/python" scripts/mutation_report.py
