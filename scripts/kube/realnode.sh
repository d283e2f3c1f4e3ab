# shellcheck shell=bash disable=SC2034 # constants for the scripts that source it
# The real node's fixed names and the decision whether it runs. Sourced by up.sh, node.sh,
# node-down.sh and the real-store suite's scripts.
#
# STOREFLEET_REAL_NODE: 0 (simulated nodes only), 1 (a real node too, or fail), auto (default:
# a real node when this machine allows it). Only one real node may run on a machine: it owns
# host-wide things (a bridge, an address on lo, iptables chains, sysctls), so a lock under /run
# records which checkout's cluster runs it.

REAL_NODE_NAME=real-node-1
REAL_NODE_POD_CIDR=10.88.0.0/16
REAL_NODE_BRIDGE=sfbr0
REAL_NODE_BRIDGE_IP=10.88.0.1
# An address pods can reach the API server at (127.0.0.1 is the pod's own loopback), held on
# lo as a /32: this kernel has no dummy interfaces.
REAL_NODE_API_ADDRESS=10.97.0.1
SERVICE_CIDR=10.96.0.0/16
CLUSTER_DNS=10.96.0.10
GATEWAY_NAMESPACE=storefleet-gateway
REAL_NODE_LOCK=/run/storefleet-real-node
# Every sysctl the node or its components may change; their values before start are recorded
# in the lock folder and restored by node-down.sh. bridge-nf-call-*, ip_forward: ours and the
# bridge plugin's; vm.*, kernel.*: the kubelet's kernel tunables; nf_conntrack_*: kube-proxy's.
REAL_NODE_SYSCTLS=(net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables
  net.ipv4.ip_forward net.ipv4.conf.all.forwarding net.ipv6.conf.all.forwarding
  net.ipv4.conf.all.route_localnet vm.overcommit_memory vm.panic_on_oom kernel.panic
  kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes
  net.netfilter.nf_conntrack_max net.netfilter.nf_conntrack_tcp_timeout_established
  net.netfilter.nf_conntrack_tcp_timeout_close_wait net.netfilter.nf_conntrack_tcp_be_liberal)

# Prints why this machine cannot run the real node; prints nothing when it can.
realnode_unavailable() {
  local c
  [ "$(id -u)" = 0 ] || { echo "not root (a kubelet, containerd and CNI need root)"; return; }
  grep -qw overlay /proc/filesystems || { echo "the kernel has no overlay filesystem"; return; }
  [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ] || { echo "the kernel has no bridge netfilter (br_netfilter)"; return; }
  [ -d /sys/fs/cgroup/pids ] || [ -f /sys/fs/cgroup/cgroup.controllers ] || { echo "no cgroup pids controller"; return; }
  for c in containerd runc ipset iptables socat debootstrap chroot; do
    command -v "$c" >/dev/null || { echo "$c is not installed (bash scripts/system-deps.sh --real-node)"; return; }
  done
  [ -x /usr/lib/cni/bridge ] || { echo "the CNI plugins are not installed (containernetworking-plugins)"; return; }
  local owner; owner="$(realnode_owner)"
  if [ -n "$owner" ] && [ "$owner" != "${state:-}" ]; then
    echo "another checkout's cluster runs the real node ($owner); stop it there with npm run kube:down"
  fi
}

# The state folder of the cluster that holds the real node lock, if its kubelet still runs.
realnode_owner() {
  local owner pid
  owner="$(cat "$REAL_NODE_LOCK/owner" 2>/dev/null)" || return 0
  pid="$(cat "$owner/kubelet.pid" 2>/dev/null)" || return 0
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep kubelet >/dev/null; then
    echo "$owner"
  fi
}

# Sets REAL_NODE (0 or 1) and REAL_NODE_REASON from STOREFLEET_REAL_NODE; with 1, a machine that
# cannot run the node is an error.
realnode_decide() {
  local mode="${STOREFLEET_REAL_NODE:-auto}" why
  REAL_NODE=0 REAL_NODE_REASON=""
  case "$mode" in
    0) REAL_NODE_REASON="STOREFLEET_REAL_NODE=0" ;;
    1 | auto)
      why="$(realnode_unavailable)"
      if [ -z "$why" ]; then REAL_NODE=1
      elif [ "$mode" = 1 ]; then echo "[kube] ERROR: STOREFLEET_REAL_NODE=1 but no real node can run: $why" >&2; return 1
      else REAL_NODE_REASON="$why"
      fi ;;
    *) echo "[kube] ERROR: STOREFLEET_REAL_NODE must be 0, 1 or auto (got $mode)" >&2; return 1 ;;
  esac
}
