#!/bin/bash
# Install the host packages the lab (tools/lab/lab) needs.  Idempotent; run as root.
# The machine's policy-rc.d keeps openssh-server from starting a host sshd: the
# lab starts its own sshd processes with their own config.
# The lab's bring-up and tear-down are Ansible (playbooks/lab-*.yml): it runs
# the ansible-playbook of the test virtualenv (tools/setup-venv), not a
# package from this list.
set -euo pipefail
PKGS=(
  debootstrap systemd-container     # base rootfs build, full hosts
  iptables iproute2 procps psmisc   # bridges, netns, NAT, process handling
  openssh-client openssh-server     # lab key, scale-host sshd
  util-linux mount tar gzip ca-certificates
  shellcheck                        # tools/lint
  # tools/lab/guest-image (the VM tests' bootable qcow2) and the DIB builds
  qemu-utils syslinux syslinux-common mtools dosfstools fdisk genisoimage
  kpartx gdisk squashfs-tools cpio sudo
)
if [ "$(id -u)" != 0 ]; then echo "$0: must run as root" >&2; exit 1; fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then echo "host packages: all present"; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
