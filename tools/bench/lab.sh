#!/bin/bash
# Benchmark the lab (tools/lab/lab): base image time, time to ssh-ready for
# 3 full hosts and for 50 and 200 scale hosts, per-host memory (PSS of the
# processes in each host's netns), teardown time.  Run as root.  It uses its
# own host names (benchf*, benchs*), so other lab hosts may stay up.
#
#   tools/bench/lab.sh [--cold] [--scale "50 200"] [--full 3]
#
# --cold   also time a cold base build (debootstrap, ~1-2 min) into a temporary
#          cache dir; without it the base time is an unpack of the cached tarball.
# Every step runs under a timeout; the bench hosts are removed on exit.
set -euo pipefail
LAB=${LAB_TOOL:-$(cd "$(dirname "$0")/../lab" && pwd)/lab}   # LAB_TOOL: compare another version
COLD=0; SCALE_SIZES="50 200"; FULL=3; STEP_TIMEOUT=${STEP_TIMEOUT:-400}
while [ $# -gt 0 ]; do
  case "$1" in
    --cold) COLD=1; shift ;;
    --scale) SCALE_SIZES=$2; shift 2 ;;
    --full) FULL=$2; shift 2 ;;
    *) sed -n '2,11p' "$0"; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 1; }
if [ -n "$("$LAB" status | awk '$1 ~ /^bench[fs][0-9]+$/')" ]; then
  echo "bench hosts are up; run '$LAB down --name-prefix benchf --name-prefix benchs'" >&2; exit 1
fi

TMP=$(mktemp -d /tmp/lab-bench.XXXXXX)
down() { timeout 120 "$LAB" down --name-prefix benchf --name-prefix benchs >/dev/null 2>&1; }
cleanup() { down || true; rm -rf "$TMP"; }
trap cleanup EXIT

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

pss_kb() {  # pids... -> summed PSS in kB
  local p sum=0 v
  for p in "$@"; do
    v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    sum=$((sum + ${v:-0}))
  done
  echo $sum
}
per_host_mem() {  # prefix -> "total_MB per_host_MB"
  local n total=0 count=0 pids
  for n in $("$LAB" status | awk -v p="^$1[0-9]+$" '$1 ~ p {print $1}'); do
    mapfile -t pids < <(ip netns pids "$n")
    total=$((total + $(pss_kb "${pids[@]}")))
    count=$((count + 1))
  done
  [ $count -gt 0 ] || { echo "0 0"; return; }
  awk -v t=$total -v c=$count 'BEGIN { printf "%.1f %.2f\n", t / 1024, t / 1024 / c }'
}

echo "# lab benchmark  $(date -u +%FT%TZ)  $(nproc) CPUs  load: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ $COLD = 1 ]; then
  t=$(now)
  LAB_CACHE_DIR=$TMP/cache LAB_STATE_DIR=$TMP/state timeout "$STEP_TIMEOUT" "$LAB" build >/dev/null
  echo "base build (cold, debootstrap + customise + tar): $(since "$t") s;" \
       "tarball $(du -m "$TMP"/cache/*.tar.gz | cut -f1) MB"
  rm -rf "$TMP/cache" "$TMP/state"
fi
tarball=$(timeout "$STEP_TIMEOUT" "$LAB" build)
mkdir -p "$TMP/unpack"; t=$(now)
tar -C "$TMP/unpack" --numeric-owner -xzf "$tarball"
echo "base from cache (unpack $(du -m "$tarball" | cut -f1) MB tarball): $(since "$t") s"
rm -rf "$TMP/unpack"

t=$(now)
timeout "$STEP_TIMEOUT" "$LAB" up "$FULL" --name-prefix benchf >/dev/null
echo "full hosts: $FULL ssh-ready in $(since "$t") s"
sleep 5   # let boot-time jobs settle before measuring memory
read -r tot per <<< "$(per_host_mem benchf)"
echo "full hosts: PSS ${tot} MB total, ${per} MB per host (processes in each netns)"
t=$(now); down
echo "full hosts: teardown $(since "$t") s"

for n in $SCALE_SIZES; do
  t=$(now)
  timeout "$STEP_TIMEOUT" "$LAB" scale-up "$n" --name-prefix benchs >/dev/null
  echo "scale hosts: $n ssh-ready in $(since "$t") s"
  read -r tot per <<< "$(per_host_mem benchs)"
  echo "scale hosts: PSS ${tot} MB total, ${per} MB per host"
  t=$(now); down
  echo "scale hosts: $n torn down in $(since "$t") s"
done
