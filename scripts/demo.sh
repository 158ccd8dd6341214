#!/usr/bin/env bash
# `make demo`: run the main job on the bundled data and write its outputs to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
KG=${KG:-.venv/bin/kennisgraaf}  # overridable, so a test can check that a missing command fails the demo
OUT=${OUT:-out}  # overridable too, so that such a test writes elsewhere
PY=${PY:-.venv/bin/python}
mkdir -p "$OUT"
# What the demo shows fits a 100-column terminal (long cells cut with …, long lines wrapped); the files it writes
# hold everything, uncut.
fit() { "$PY" scripts/fit_columns.py 100; }

# Every step below must run: a command missing from the CLI is an error, never a silently skipped step.
commands=$($KG --help | sed -n '/^Commands:/,$p' | awk 'NR > 1 {print $1}')
for needed in validate count cases compare score path whatif view docs reforms batch; do
  if ! grep -qx "$needed" <<<"$commands"; then
    echo "demo: error: 'kennisgraaf $needed' is missing from 'kennisgraaf --help'; the demo needs it" >&2
    exit 1
  fi
done

echo "== validate the bundled ontology and data" >&2
$KG validate | fit

echo >&2
echo "== the Enschede 2008 inventory around one family (essay: 25/17/23/31/27/25)" >&2
$KG count --municipality enschede-2008 | fit
$KG count --municipality enschede-2008 --format json > "$OUT/enschede-2008-counts.json"

echo >&2
echo "== seed cases" >&2
$KG cases | fit
# An assignment fails the script when the command fails (a `for … in $(…)` list would just be empty).
CASES=$($KG cases --format csv | tail -n +2 | cut -d, -f1)
test -n "$CASES" || { echo "demo: error: 'kennisgraaf cases' lists no case" >&2; exit 1; }

echo >&2
echo "== fragmentation of each seed case (composite 0-100): fragmented vs wijkteam with mandate" >&2
$KG compare --all-cases --scenario fragmented --scenario wijkteam-mandate | fit
for case in $CASES; do
  for scenario in fragmented wijkteam-mandate; do
    $KG score "$case" --scenario "$scenario" --explain --format json > "$OUT/score-$case-$scenario.json"
  done
  $KG compare "$case" --scenario fragmented --scenario wijkteam-mandate --format csv > "$OUT/compare-$case.csv"
done

echo >&2
echo "== gescheiden-vrouw: first things first, and what would break the deadlock" >&2
$KG path gescheiden-vrouw | fit
# Written to a file first: `whatif | head` would end whatif with a broken pipe (exit 1) whenever head stops reading
# before whatif stops writing, which pipefail turns into a failed demo.
$KG whatif gescheiden-vrouw > "$OUT/whatif-gescheiden-vrouw.txt"
head -4 "$OUT/whatif-gescheiden-vrouw.txt" | fit

echo >&2
echo "== paspoort-uitkering: passport -> residence permit -> benefit" >&2
$KG path paspoort-uitkering | fit

echo >&2
echo "== interactive views, and a one-page A4 summary of a case to print" >&2
for case in $CASES; do
  $KG view case "$case" -o "$OUT/case-$case.html"
done
$KG view case eindhoven-gezin --print -o "$OUT/summary-eindhoven-gezin.html"
$KG view municipality enschede-2008 -o "$OUT/municipality-enschede-2008.html"
$KG view compare eindhoven-gezin --scenario fragmented --scenario wijkteam-mandate -o "$OUT/compare-eindhoven-gezin.html"
$KG docs -o "$OUT/docs"

echo >&2
echo "== which reform of the Enschede 2008 front door helps the seed households most" >&2
$KG reforms rank --municipality enschede-2008 --top 3 -o "$OUT/reforms-enschede-2008.html" | fit

echo >&2
echo "== did 2015 make the Eindhoven family's path simpler?" >&2
$KG compare eindhoven-gezin --on 2008-06-01 --on 2016-01-01 | sed -n '/what changed/,$p' | fit

echo >&2
echo "== batch: every case x scenario x perspective" >&2
$KG batch --all -o "$OUT/batch"


echo >&2
echo "== screenshots of every view and report at 1400x900 and 400x800 (headless Chromium, offline)" >&2
shopt -s nullglob
.venv/bin/python -m kennisgraaf.views.screens "$OUT/screens" "$OUT"/*.html "$OUT"/docs/*.html "$OUT"/batch/*.html

echo >&2
# every file above announced itself ("wrote …"); these were written through redirections, so they are named here once
echo "also written: $OUT/enschede-2008-counts.json, $OUT/whatif-gescheiden-vrouw.txt," \
  "$OUT/score-<case>-<scenario>.json and $OUT/compare-<case>.csv for each of the $(wc -w <<<"$CASES") seed cases" >&2
echo "outputs are in $OUT/; run the CLI yourself with .venv/bin/kennisgraaf --help (or: source .venv/bin/activate)" >&2
