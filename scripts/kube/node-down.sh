#!/usr/bin/env bash
# Stops the real node (node.sh) and removes everything it left on the host, then checks that
# nothing is left: processes, mounts (pod volumes, container root filesystems and shm, network
# namespaces), the bridge and its veths, the iptables chains and ipsets of kube-proxy,
# kube-router, the kubelet and the CNI plugins, the address on lo, the pod cgroups, the sysctls
# it changed (restored to the values recorded before start) and what it wrote under
# /var/lib/kubelet, /var/lib/cni and /run/containerd. Exits 1, naming what remains, when the
# check fails.
# Usage: node-down.sh <state-dir>   (called by down.sh; also cleans up after a crashed node)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"
# shellcheck source=realnode.sh
source "$here/realnode.sh"
state="$1"
node="$state/node"
log() { printf '[kube-down] %s\n' "$*" >&2; }

# stop <name> <pid file>: TERM, up to 10 s, then KILL; only if the pid still runs <name>.
stop() {
  local pid
  pid="$(cat "$state/$1.pid" 2>/dev/null)" || return 0
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -- "$1" >/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$state/$1.pid"
}

# Pids of processes whose command line contains the given text (pgrep never lists itself).
pids_with() { pgrep -f -- "$(printf '%s' "$1" | sed 's/[]\\.*^$[]/\\&/g')"; }

pod_cgroups() { find /sys/fs/cgroup/*/storefleet-real-node -depth -type d 2>/dev/null; }

# Every container process (in the pod cgroups) and every shim of our containerd.
kill_containers() {
  local pids
  pids="$(pod_cgroups | sed 's#$#/cgroup.procs#' | xargs -r cat 2>/dev/null | sort -u)"
  pids="$pids $(pids_with "$node/containerd/containerd.sock")"
  # shellcheck disable=SC2086 # a list of pids
  [ -z "${pids// /}" ] || kill -9 $pids 2>/dev/null
}

unmount_all() {
  local target
  for _ in 1 2 3; do
    findmnt -rn -o TARGET | grep -E "^($node|/var/lib/kubelet)(/|$)" | sort -r | while read -r target; do
      umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null
    done
  done
}

# Rules in the built-in chains that jump to the node's chains (kube-proxy's and kube-router's
# KUBE-*, the CNI plugins' CNI-*, node.sh's STOREFLEET-*), then those chains themselves.
clean_iptables() {
  local cmd table chain rule
  for cmd in iptables ip6tables; do
    command -v "$cmd" >/dev/null || continue
    for table in filter nat mangle raw; do
      "$cmd" -t "$table" -S 2>/dev/null | grep -E -- '^-A [A-Z]+ .*-j (KUBE-|CNI-|STOREFLEET-)' | while read -r rule; do
        # The rule as iptables -S prints it, quoted comments included: eval keeps the quoting.
        eval "$cmd -t $table -D ${rule#-A }" 2>/dev/null
      done
      for chain in $("$cmd" -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^(KUBE-|CNI-|STOREFLEET-)/ { print $2 }'); do
        "$cmd" -t "$table" -F "$chain" 2>/dev/null
      done
      for chain in $("$cmd" -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^(KUBE-|CNI-|STOREFLEET-)/ { print $2 }'); do
        "$cmd" -t "$table" -X "$chain" 2>/dev/null
      done
    done
  done
  command -v ipset >/dev/null && ipset list -n 2>/dev/null | grep -E '^(inet6:)?KUBE-' | xargs -r -n1 ipset destroy 2>/dev/null
}

restore_sysctls() {
  local line
  while IFS= read -r line; do
    sysctl -q -w "$line" 2>/dev/null || log "could not restore sysctl $line"
  done <"$REAL_NODE_LOCK/sysctl.before"
}

# remove_new <dir>: what the node created in a host folder (all of it when the folder is new).
remove_new() {
  local dir="$1" record entry
  record="$REAL_NODE_LOCK/$(basename "$1").before"
  [ -d "$dir" ] || return 0
  if [ ! -f "$record" ]; then rm -rf "$dir"; return; fi
  find "$dir" -mindepth 1 -maxdepth 1 | while read -r entry; do
    grep -qxF "$entry" "$record" || rm -rf "$entry"
  done
}

# Prints one line per thing the node left behind.
leftovers() {
  local p
  for p in containerd kubelet kube-proxy kube-router route-forwarder; do
    [ -f "$state/$p.pid" ] && echo "pid file $state/$p.pid"
  done
  pids_with "$node/containerd/containerd.sock" | sed 's/^/process /'
  findmnt -rn -o TARGET | grep -E "^($node|/var/lib/kubelet)(/|$)" | sed 's/^/mount /'
  ip link show "$REAL_NODE_BRIDGE" >/dev/null 2>&1 && echo "bridge $REAL_NODE_BRIDGE"
  ip -o link show type veth 2>/dev/null | grep "master $REAL_NODE_BRIDGE" >/dev/null && echo "veths on $REAL_NODE_BRIDGE"
  ip addr show dev lo | grep " $REAL_NODE_API_ADDRESS/32" >/dev/null && echo "address $REAL_NODE_API_ADDRESS on lo"
  for p in iptables ip6tables; do
    for table in filter nat mangle raw; do
      "$p" -t "$table" -S 2>/dev/null | grep -E -- '(^-N |-j )(KUBE-|CNI-|STOREFLEET-)' | sed "s/^/$p -t $table: /" | sed -n 1,3p
    done
  done
  ipset list -n 2>/dev/null | grep -E '^(inet6:)?KUBE-' | sed 's/^/ipset /'
  pod_cgroups | sed 's/^/cgroup /'
  if [ -f "$REAL_NODE_LOCK/sysctl.before" ]; then
    while IFS='=' read -r key value; do
      [ "$(sysctl -n "$key")" = "$value" ] || echo "sysctl $key=$(sysctl -n "$key") (was $value)"
    done <"$REAL_NODE_LOCK/sysctl.before"
  fi
  for p in /var/lib/kubelet /var/lib/cni /run/containerd; do
    [ -d "$p" ] || continue
    if [ -f "$REAL_NODE_LOCK/$(basename "$p").before" ]; then
      find "$p" -mindepth 1 -maxdepth 1 | grep -vxFf "$REAL_NODE_LOCK/$(basename "$p").before" | sed 's/^/file /'
    else
      echo "folder $p"
    fi
  done
}

# Nothing to do for a cluster that never ran a real node and no crashed one to clean up after.
owner="$(cat "$REAL_NODE_LOCK/owner" 2>/dev/null)"
[ -d "$node" ] || [ "$owner" = "$state" ] || exit 0
if [ -n "$owner" ] && [ "$owner" != "$state" ] && [ -n "$(realnode_owner)" ]; then
  log "the real node belongs to $owner and runs: not touching it"
  exit 0
fi

stop route-forwarder
stop kube-router
stop kube-proxy
stop kubelet
kill_containers
stop containerd
kill_containers
unmount_all
# The veths go with their network namespaces; the bridge goes here.
ip link del "$REAL_NODE_BRIDGE" 2>/dev/null
# kube-proxy and kube-router remove their own rules first; the sweep catches the rest
# (the kubelet's canary chains, the portmap plugin's, anything of a crashed run).
[ -x "$KUBE_BIN_DIR/kube-proxy" ] && "$KUBE_BIN_DIR/kube-proxy" --cleanup >/dev/null 2>&1
[ -x "$KUBE_ROUTER_BIN_DIR/kube-router" ] && "$KUBE_ROUTER_BIN_DIR/kube-router" --cleanup-config >/dev/null 2>&1
clean_iptables
ip addr del "$REAL_NODE_API_ADDRESS/32" dev lo 2>/dev/null
pod_cgroups | xargs -r rmdir 2>/dev/null
[ -f "$REAL_NODE_LOCK/sysctl.before" ] && restore_sysctls
for dir in /var/lib/kubelet /var/lib/cni /run/containerd; do remove_new "$dir"; done
rm -rf "$node"

left="$(leftovers)"
if [ -n "$left" ]; then
  log "ERROR: the real node left these behind:"
  printf '  %s\n' "$left" >&2
  exit 1
fi
rm -rf "$REAL_NODE_LOCK"
log "real node stopped; the host is as it was before it started"
