#!/bin/bash
# Wall time of `kayobe overcloud host configure`:
#  - on 4 full lab hosts (first run and no-op second run), with the example
#    configuration and the lab settings (tools/lab/kayobe-vars.yml);
#  - on 50 and 200 scale hosts with the reduced area set that suits hosts
#    sharing one filesystem (sysctl, file under the per-host /root);
# each next to a bare ansible-playbook running the same plays with the same
# inventories and vars.  Run as root; bench hosts are removed on exit.
#   tools/bench/host_configure.sh [--scale "50 200"] [--full 4]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LAB=$ROOT/tools/lab/lab
SCALE_SIZES="50 200"; FULL=4
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE_SIZES=$2; shift 2 ;;
    --full) FULL=$2; shift 2 ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 1; }
KAYOBE=$(command -v kayobe) || { echo "kayobe is not on PATH (activate its venv)" >&2; exit 1; }
BIN=$(dirname "$KAYOBE")
DATA=$("$BIN/python" -c 'import kayobe.paths as p; print(p.DATA_DIR)')
TMP=$(mktemp -d /tmp/hc-bench.XXXXXX)
cleanup() { timeout 300 "$LAB" down --name-prefix hcbf --name-prefix hcbs >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
export KAYOBE_STATE_DIR=$TMP/state ANSIBLE_NOCOLOR=1

now() { date +%s.%N; }
timed() {  # label command...
  local start end rc=0
  start=$(now); "${@:2}" >"$TMP/last.log" 2>&1 || rc=$?
  end=$(now)
  printf '%-58s %7.1f s%s\n' "$1" "$(echo "$end - $start" | bc)" \
    "$([ $rc = 0 ] || echo "  (exit $rc, see the log: $TMP/last.log)")"
}

config() {  # dir inventory-text extra-vars
  rm -rf "$1"; cp -r "$ROOT/etc/kayobe" "$1"
  printf '%s\n' "$2" > "$1/inventory/hosts"
  { cat "$ROOT/tools/lab/kayobe-vars.yml"; printf '%s\n' "$3"; } > "$1/lab.yml"
}

bare() {  # config-dir limit: ansible-playbook with the same plays and vars
  local args=() f
  for f in "$1"/*.yml; do args+=(-e "@$f"); done
  ANSIBLE_ROLES_PATH=$DATA/ansible/roles ANSIBLE_FILTER_PLUGINS=$DATA/ansible/filter_plugins \
  ANSIBLE_ACTION_PLUGINS=$DATA/ansible/action_plugins ANSIBLE_LIBRARY=$DATA/ansible/library \
  ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_FORKS=50 \
    "$BIN/ansible-playbook" -i "$DATA/ansible/inventory" -i "$1/inventory" "${args[@]}" \
    -e "{\"kayobe_config_path\": \"$1\", \"kayobe_env_config_path\": \"$1\", \"kayobe_data_path\": \"$DATA\"}" \
    --limit "$2" "$DATA/ansible/gather-facts.yml" "$DATA/ansible/host-configure.yml"
}

echo "== $FULL full hosts (systemd-nspawn, nested)"
"$LAB" up "$FULL" --name-prefix hcbf --nested >/dev/null
inv=$("$LAB" inventory --name-prefix hcbf --groups "controllers=hcbf*")
config "$TMP/full" "$inv" ""
timed "kayobe overcloud host configure, first run" "$KAYOBE" overcloud host configure --config-path "$TMP/full"
timed "kayobe overcloud host configure, second run (no-op)" "$KAYOBE" overcloud host configure --config-path "$TMP/full"
timed "bare ansible-playbook, same plays (no-op)" bare "$TMP/full" overcloud

for n in $SCALE_SIZES; do
  echo "== $n scale hosts (netns + sshd), reduced areas"
  "$LAB" down --name-prefix hcbs >/dev/null
  "$LAB" scale-up "$n" --name-prefix hcbs >/dev/null
  inv=$("$LAB" inventory --name-prefix hcbs --kind scale --groups "compute=hcbs*")
  config "$TMP/scale" "$inv" "$(printf 'compute_sysctl_parameters:\n  net.ipv4.conf.all.arp_ignore: 1\nsysctl_file: /root/sysctl-kayobe.conf\nkayobe_host_areas: [sysctl]\n')"
  timed "kayobe overcloud host configure --forks 50, $n hosts" "$KAYOBE" overcloud host configure --forks 50 --config-path "$TMP/scale"
  timed "bare ansible-playbook, same plays, $n hosts" bare "$TMP/scale" overcloud
done
