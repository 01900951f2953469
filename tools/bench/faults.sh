#!/bin/bash
# Faults at scale: 200 scale lab hosts, 20 of them broken on purpose during
# one kayobe run (7 unreachable: link down; 7 killed: every process of the
# host gone; 6 failing a task), and each host's outcome in the run report
# checked against the expected one.  Prints one line per faulty host, the
# count of healthy hosts that ended ok, and the totals; exits 1 on any
# mismatch.  Run as root; the bench hosts are removed on exit.
#   tools/bench/faults.sh [--hosts 200] [--forks 50]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LAB=$ROOT/tools/lab/lab
HOSTS=200; FORKS=50; PREFIX=h9s
while [ $# -gt 0 ]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --forks) FORKS=$2; shift 2 ;;
    *) sed -n '2,8p' "$0"; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 1; }
[ "$HOSTS" -ge 40 ] || { echo "--hosts must be at least 40" >&2; exit 2; }
KAYOBE=$(command -v kayobe || true)
[ -n "$KAYOBE" ] || KAYOBE=$ROOT/.venv-test/bin/kayobe
[ -x "$KAYOBE" ] || { echo "kayobe is not installed (activate its venv)" >&2; exit 1; }
BIN=$(dirname "$KAYOBE")
TMP=$(mktemp -d /tmp/faults-bench.XXXXXX)
cleanup() {
  timeout 300 "$LAB" down --name-prefix "$PREFIX" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
export KAYOBE_STATE_DIR=$TMP/state ANSIBLE_NOCOLOR=1
# This checkout's kayobe, whichever copy the virtualenv holds.
export PYTHONPATH=$ROOT${PYTHONPATH:+:$PYTHONPATH}

# Which host gets which fault: spread over the inventory, not bunched at
# its start (Ansible works through hosts in batches of --forks).
UNREACHABLE=() KILLED=() FAILING=()
for i in 0 1 2 3 4 5 6; do
  base=$((i * HOSTS / 7 + HOSTS / 14))
  UNREACHABLE+=("$PREFIX$base")
  KILLED+=("$PREFIX$((base + 1))")
  [ "$i" = 6 ] || FAILING+=("$PREFIX$((base + 2))")
done

echo "== $HOSTS scale hosts (prefix $PREFIX)"
start=$(date +%s)
"$LAB" down --name-prefix "$PREFIX" >/dev/null 2>&1 || true
"$LAB" scale-up "$HOSTS" --name-prefix "$PREFIX" >/dev/null
echo "up in $(( $(date +%s) - start )) s"

config=$TMP/config
cp -r "$ROOT/etc/kayobe" "$config"
"$LAB" inventory --name-prefix "$PREFIX" --kind scale \
  --groups "controllers=$PREFIX*" -o "$config/inventory/hosts"
for host in "${FAILING[@]}"; do
  mkdir -p "$config/inventory/host_vars"
  echo "bench_fail: true" > "$config/inventory/host_vars/$host"
done
# The faults land while the run is under way: the first play gathers
# facts from every host, then the hosts are broken, then the second play
# runs a task on each.
cat > "$TMP/bench.yml" <<'EOF'
---
- name: Reach every host
  hosts: controllers
  gather_facts: false
  tasks:
    - name: Check the host answers
      ansible.builtin.ping:

- name: Inject the faults
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Break the chosen hosts
      ansible.builtin.command: "{{ bench_inject }}"
      changed_when: true

- name: Work on every host
  hosts: controllers
  gather_facts: false
  tasks:
    - name: Fail where asked
      ansible.builtin.fail:
        msg: "injected failure on {{ inventory_hostname }}"
      when: bench_fail | default(false) | bool
    - name: Do the work
      ansible.builtin.command: "true"
      changed_when: false
EOF
inject="set -e;"
for host in "${UNREACHABLE[@]}"; do inject+=" $LAB fault unreachable $host;"; done
for host in "${KILLED[@]}"; do inject+=" $LAB fault kill $host;"; done
printf '{"bench_inject": %s}\n' \
  "$("$BIN/python" -c 'import json,sys; print(json.dumps(sys.argv[1]))' "sh -c '$inject'")" \
  > "$TMP/inject.json"

start=$(date +%s)
rc=0
"$KAYOBE" playbook run "$TMP/bench.yml" --config-path "$config" --forks "$FORKS" \
  -e "@$TMP/inject.json" >"$TMP/run.log" 2>&1 || rc=$?
echo "kayobe playbook run: exit $rc in $(( $(date +%s) - start )) s"
tail -1 "$TMP/run.log"

"$BIN/python" - "$KAYOBE_STATE_DIR/last-run.json" "$HOSTS" "$PREFIX" \
  "${UNREACHABLE[*]}" "${KILLED[*]}" "${FAILING[*]}" <<'EOF'
import json
import sys

path, hosts, prefix, unreachable, killed, failing = sys.argv[1:]
report = json.load(open(path))
expected = {f"{prefix}{i}": ("ok", "healthy") for i in range(1, int(hosts) + 1)}
expected.update({h: ("unreachable", "link down") for h in unreachable.split()})
expected.update({h: ("unreachable", "killed") for h in killed.split()})
expected.update({h: ("failed", "failing task") for h in failing.split()})
bad = 0
healthy_ok = 0
for host in sorted(expected, key=lambda h: int(h[len(prefix):])):
    want, fault = expected[host]
    got = report["hosts"].get(host, {}).get("status", "missing")
    if fault == "healthy" and got == want:
        healthy_ok += 1
        continue
    mark = "ok " if got == want else "BAD"
    bad += got != want
    message = report["hosts"].get(host, {}).get("message") or ""
    print(f"{mark} {host:10} {fault:13} expected {want:12} got {got:12} {message[:60]}")
healthy = sum(1 for w, f in expected.values() if f == "healthy")
print(f"healthy hosts ok: {healthy_ok}/{healthy}")
faults = len(expected) - healthy
print(f"hosts {len(expected)}, faults injected {faults}, "
      f"outcomes as expected {len(expected) - bad}/{len(expected)}")
sys.exit(1 if bad else 0)
EOF
