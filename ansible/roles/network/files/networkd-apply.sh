#!/bin/sh
# Apply changed systemd-networkd files to the links named as arguments.
# reload creates the new netdevs; reconfigure drops each changed link's old
# addresses, routes and rules and applies its new files (a restart would
# leave stale routes behind).  Links that do not exist (yet) are skipped:
# new ones are configured as they appear.
set -e
networkctl reload
for link in "$@"; do
  if ip link show dev "$link" >/dev/null 2>&1; then
    networkctl reconfigure "$link"
  fi
done
