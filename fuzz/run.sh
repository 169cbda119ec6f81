#!/usr/bin/env bash
# Fuzzes every target for SECONDS each (default 600), seeded with the repository's fixtures.
#   bash fuzz/run.sh [SECONDS] [TARGET...]
# Needs cargo-fuzz (`cargo install cargo-fuzz`); runs on a stable toolchain through
# RUSTC_BOOTSTRAP=1. Crashes land in fuzz/artifacts/<target>/; add each as a regression fixture.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(load_any native_json pretalx_json frab_xml ical agenda)

seed() { # seed TARGET FILES...
  local dir="corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/$(basename "$f")"; done
}
fixtures=../tests/fixtures
seed load_any ../data/kubecon-eu-2024.json $fixtures/*.json $fixtures/*/* ../tests/hostile/*
seed native_json ../data/kubecon-eu-2024.json $fixtures/*.json
seed pretalx_json $fixtures/pretalx-json/*
seed frab_xml $fixtures/frab-xml/* ../tests/hostile/*.xml
seed ical $fixtures/ical/* ../tests/hostile/*.ics
mkdir -p corpus/agenda
printf '{"hallway_agenda": 1, "conference": "fuzz", "stars": ["a", "b"], "notes": {"a": {"text": "hi", "updated": "2024-03-20T10:00:00Z"}}, "ratings": {"a": 4}}' > corpus/agenda/seed.json

for t in "${targets[@]}"; do
  echo "== $t for ${seconds}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$seconds" -max_len=262144 -timeout=10 -rss_limit_mb=2048 2>&1 \
    | grep -E "^(#[0-9]+ +DONE|Done|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)" || true
done
