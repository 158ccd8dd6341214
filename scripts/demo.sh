#!/usr/bin/env bash
# `make demo`: run the main job on the bundled data and write its outputs to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
KG=.venv/bin/kennisgraaf
OUT=out
mkdir -p "$OUT"

echo "== validate the bundled ontology and data" >&2
$KG validate

echo >&2
echo "== the Enschede 2008 inventory around one family (essay: 25/17/23/31/27/25)" >&2
$KG count --municipality enschede-2008
$KG count --municipality enschede-2008 --format json > "$OUT/enschede-2008-counts.json"

echo >&2
echo "== seed cases" >&2
$KG cases

if $KG --help | grep -q "^  score"; then
  echo >&2
  echo "== each seed case: fragmented vs wijkteam with mandate (household perspective)" >&2
  for case in $($KG cases --format csv | tail -n +2 | cut -d, -f1); do
    $KG compare "$case" --scenario fragmented --scenario wijkteam-mandate
    $KG score "$case" --format json > "$OUT/score-$case-fragmented.json"
    $KG score "$case" --scenario wijkteam-mandate --format json > "$OUT/score-$case-wijkteam-mandate.json"
    echo >&2
  done
fi

if $KG --help | grep -q "^  view"; then
  echo "== interactive views" >&2
  for case in $($KG cases --format csv | tail -n +2 | cut -d, -f1); do
    $KG view case "$case" -o "$OUT/case-$case.html"
    echo "$OUT/case-$case.html"
  done
  $KG view municipality enschede-2008 -o "$OUT/municipality-enschede-2008.html"
  echo "$OUT/municipality-enschede-2008.html"
fi

echo >&2
echo "outputs written to $OUT/" >&2
ls -1 "$OUT" >&2
