# shellcheck shell=bash disable=SC2154,SC2034 # sourced by up.sh: shares its variables both ways
# The real node, started by up.sh next to the simulated KWOK nodes (sourced by up.sh, whose
# helpers it uses: log, fail, start, wait_until, sign, write_kubeconfig, kubectl,
# state, pki, port). A kubelet with containerd, runc and the CNI bridge plugin (Debian
# packages), kube-proxy (iptables), kube-router's firewall controller (NetworkPolicies),
# CoreDNS and Traefik as pods, and a host-side forwarder from 127.0.0.1 to Traefik's Service.
# Everything it leaves on the host is removed by node-down.sh.
# shellcheck source=realnode.sh
source "$here/realnode.sh"

node="$state/node"
route_port="${STOREFLEET_ROUTE_PORT:-$((port + 1637))}"
kubelet_healthz_port=$((port + 4002))
proxy_healthz_port=$((port + 4003))
proxy_metrics_port=$((port + 4004))
containerd_sock="$node/containerd/containerd.sock"
NODE_COMPONENTS=(containerd kubelet kube-proxy kube-router route-forwarder)

# Before the API server starts: take the machine's real node lock, record what the node will
# change on the host, and give the API server an address pods can reach.
node_host_up() {
  mkdir -p "$REAL_NODE_LOCK"
  # A record left by a crashed run holds the values from before that run: keep it.
  if [ ! -f "$REAL_NODE_LOCK/sysctl.before" ]; then
    local key
    for key in "${REAL_NODE_SYSCTLS[@]}"; do
      if [ -e "/proc/sys/${key//.//}" ]; then printf '%s=%s\n' "$key" "$(sysctl -n "$key")"; fi
    done >"$REAL_NODE_LOCK/sysctl.before"
    for dir in /var/lib/kubelet /var/lib/cni /run/containerd; do
      if [ -d "$dir" ]; then find "$dir" -mindepth 1 -maxdepth 1 >"$REAL_NODE_LOCK/$(basename "$dir").before"; fi
    done
  fi
  echo "$state" >"$REAL_NODE_LOCK/owner"
  ip addr show dev lo | grep " $REAL_NODE_API_ADDRESS/32" >/dev/null || ip addr add "$REAL_NODE_API_ADDRESS/32" dev lo
  # Bridged pod-to-pod traffic must pass iptables, or kube-proxy and kube-router never see it.
  sysctl -q -w net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1 net.ipv4.ip_forward=1
  node_contain_traffic
}

# Nothing of the node's may leave this machine: the bridge exists from the start (the CNI
# plugin adopts it) with the Service range routed to it, so host traffic to a Service address
# never takes the default route, and forwarded traffic from pods to any other interface is
# dropped before any policy agent could accept it (mangle runs before filter).
node_contain_traffic() {
  ip link show "$REAL_NODE_BRIDGE" >/dev/null 2>&1 || ip link add "$REAL_NODE_BRIDGE" type bridge
  ip addr show dev "$REAL_NODE_BRIDGE" | grep " $REAL_NODE_BRIDGE_IP/" >/dev/null ||
    ip addr add "$REAL_NODE_BRIDGE_IP/${REAL_NODE_POD_CIDR#*/}" dev "$REAL_NODE_BRIDGE"
  ip link set "$REAL_NODE_BRIDGE" up
  ip route replace "$SERVICE_CIDR" dev "$REAL_NODE_BRIDGE" src "$REAL_NODE_BRIDGE_IP"
  iptables -t mangle -N STOREFLEET-EGRESS 2>/dev/null || iptables -t mangle -F STOREFLEET-EGRESS
  iptables -t mangle -A STOREFLEET-EGRESS -s "$REAL_NODE_POD_CIDR" ! -o "$REAL_NODE_BRIDGE" -j DROP
  iptables -t mangle -C FORWARD -j STOREFLEET-EGRESS 2>/dev/null || iptables -t mangle -I FORWARD -j STOREFLEET-EGRESS
}

# Certificates and kubeconfigs of the node's components (signed by the cluster CA).
node_certs() {
  sign kubelet "/O=system:nodes/CN=system:node:$REAL_NODE_NAME"
  sign kubelet-serving "/CN=$REAL_NODE_NAME" "$(printf '%s\n' 'extendedKeyUsage=serverAuth' \
    "subjectAltName=IP:$REAL_NODE_API_ADDRESS,DNS:$REAL_NODE_NAME")"
  sign kube-proxy "/CN=system:kube-proxy"
  sign kube-router "/CN=storefleet:kube-router"
  write_kubeconfig "$state/kubelet.kubeconfig" kubelet
  write_kubeconfig "$state/kube-proxy.kubeconfig" kube-proxy
  write_kubeconfig "$state/kube-router.kubeconfig" kube-router
}

# Builds (or finds cached) the images; writes "<name> <reference> <archive>" lines to
# $node/images.txt. The store images need the store-test sources; without them the node runs
# the cluster add-ons only and $node/store-images.skip says why.
node_images() {
  mkdir -p "$node"
  bash "$here/images/build.sh" pause coredns traefik >"$node/images.txt" || fail "building the node's images failed"
  if ! bash "$here/images/build.sh" wordpress wp-cli mariadb s3-client >>"$node/images.txt" 2>"$node/store-images.log"; then
    grep -m1 -E "no (WordPress|wp-cli|WooCommerce)" "$node/store-images.log" | sed 's/^\[kube-images\] //' >"$node/store-images.skip"
    [ -s "$node/store-images.skip" ] || fail "building the store images failed: $(tail -5 "$node/store-images.log")"
    log "store images not built: $(cat "$node/store-images.skip")"
  fi
}

image_ref() { awk -v n="$1" '$1 == n { print $2 }' "$node/images.txt"; }

node_containerd() {
  mkdir -p "$node/containerd" "$node/cni/net.d"
  cat >"$node/containerd/config.toml" <<TOML
# containerd of the real node: every path private to this cluster's state folder.
version = 2
root = "$node/containerd/root"
state = "$node/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs", "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "$containerd_sock"
[ttrpc]
  address = "$containerd_sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$node/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$(image_ref pause)"
  # Root here lacks CAP_SYS_RESOURCE: no process may lower its OOM score (shared/realnode.md).
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$node/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$node/cni/net.d"
TOML
  # Pods on their own bridge and subnet; host-local keeps its leases in the state folder.
  cat >"$node/cni/net.d/10-storefleet.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "storefleet",
  "plugins": [
    {"type": "bridge", "bridge": "$REAL_NODE_BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "dataDir": "$node/cni/ipam", "ranges": [[{"subnet": "$REAL_NODE_POD_CIDR", "gateway": "$REAL_NODE_BRIDGE_IP"}]],
              "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
JSON
  start containerd containerd --config "$node/containerd/config.toml"
  wait_until 30 containerd "containerd" ctr --address "$containerd_sock" version
  local name ref archive
  while read -r name ref archive; do
    ctr --address "$containerd_sock" -n k8s.io images import "$archive" >/dev/null ||
      fail "importing image $name ($archive) failed"
    ctr --address "$containerd_sock" -n k8s.io images ls -q | grep -x "$ref" >/dev/null || fail "image $ref missing after import"
  done <"$node/images.txt"
}

node_kubelet() {
  mkdir -p "$node/kubelet"
  # The kubelet requires its cgroup root to exist in every hierarchy; cpuset needs its cpus and
  # memory nodes before anything can join it.
  local hierarchy
  for hierarchy in /sys/fs/cgroup/*/; do
    mkdir -p "$hierarchy/storefleet-real-node"
  done
  if [ -f /sys/fs/cgroup/cpuset/cpuset.cpus ]; then
    cat /sys/fs/cgroup/cpuset/cpuset.cpus >/sys/fs/cgroup/cpuset/storefleet-real-node/cpuset.cpus
    cat /sys/fs/cgroup/cpuset/cpuset.mems >/sys/fs/cgroup/cpuset/storefleet-real-node/cpuset.mems
  fi
  # Pods get the cluster DNS; the host's resolver (search domains, unreachable servers) stays out.
  echo "nameserver $CLUSTER_DNS" >"$node/resolv.conf"
  cat >"$node/kubelet/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $REAL_NODE_API_ADDRESS
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $kubelet_healthz_port
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $pki/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $pki/kubelet-serving.crt
tlsPrivateKeyFile: $pki/kubelet-serving.key
containerRuntimeEndpoint: unix://$containerd_sock
# cgroup v1 with the cgroupfs driver (shared/realnode.md); every pod cgroup under one root
# that node-down.sh removes.
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: /storefleet-real-node
failSwapOn: false
clusterDNS: [$CLUSTER_DNS]
clusterDomain: cluster.local
resolvConf: $node/resolv.conf
registerWithTaints:
  - {key: storefleet.dev/real-node, value: "true", effect: NoSchedule}
# Images come from a local import and can never be pulled again: never collect them.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: 100Mi, nodefs.available: 2%, imagefs.available: 2%, nodefs.inodesFree: 2%}
serializeImagePulls: false
maxPods: 40
volumePluginDir: $node/kubelet/volume-plugins
YAML
  start kubelet "$KUBE_BIN_DIR/kubelet" --config="$node/kubelet/config.yaml" \
    --kubeconfig="$state/kubelet.kubeconfig" --root-dir="$node/kubelet" --cert-dir="$node/kubelet/pki" \
    --hostname-override="$REAL_NODE_NAME" --node-ip="$REAL_NODE_API_ADDRESS" \
    --node-labels=storefleet.dev/node=real --v=1
  wait_until 90 kubelet "the real node to be Ready" \
    "$kubectl" --kubeconfig "$kubeconfig" wait --for=condition=Ready "node/$REAL_NODE_NAME" --timeout=2s
}

node_proxies() {
  start kube-proxy "$KUBE_BIN_DIR/kube-proxy" --kubeconfig="$state/kube-proxy.kubeconfig" \
    --hostname-override="$REAL_NODE_NAME" --proxy-mode=iptables --cluster-cidr="$REAL_NODE_POD_CIDR" \
    --healthz-bind-address="127.0.0.1:$proxy_healthz_port" --metrics-bind-address="127.0.0.1:$proxy_metrics_port" \
    --nodeport-addresses="$REAL_NODE_API_ADDRESS/32" --iptables-localhost-nodeports=false \
    --conntrack-max-per-core=0 --conntrack-tcp-timeout-established=0 --conntrack-tcp-timeout-close-wait=0
  # Only the firewall (NetworkPolicy) controller: routing and service proxying are not wanted,
  # and the CNI configuration is ours.
  start kube-router "$KUBE_ROUTER_BIN_DIR/kube-router" --kubeconfig="$state/kube-router.kubeconfig" \
    --hostname-override="$REAL_NODE_NAME" --run-firewall=true --run-router=false --run-service-proxy=false \
    --enable-cni=false --health-port=0 --metrics-port=0 --service-cluster-ip-range="$SERVICE_CIDR"
  wait_until 30 kube-proxy "kube-proxy health" curl -fsS "http://127.0.0.1:$proxy_healthz_port/healthz"
}

# apply_addon <file> [sed expressions...]: a manifest from addons/ with its placeholders filled.
apply_addon() {
  local file="$here/addons/$1"; shift
  sed -e "" "$@" "$file" | "$kubectl" --kubeconfig "$kubeconfig" apply -f - >/dev/null || fail "applying $file failed"
}

node_addons() {
  apply_addon coredns.yaml -e "s#__IMAGE__#$(image_ref coredns)#" -e "s#__CLUSTER_DNS__#$CLUSTER_DNS#"
  # Traefik serves Ingress; its Gateway API provider is switched on only when the Gateway API
  # CRDs are installed (it fails to start watching them otherwise).
  local gateway=false
  "$kubectl" --kubeconfig "$kubeconfig" get crd gateways.gateway.networking.k8s.io >/dev/null 2>&1 && gateway=true
  apply_addon traefik.yaml -e "s#__IMAGE__#$(image_ref traefik)#" -e "s#__NAMESPACE__#$GATEWAY_NAMESPACE#" -e "s#__GATEWAY__#$gateway#"
  [ "$gateway" = false ] || apply_addon traefik-gateway.yaml -e "s#__NAMESPACE__#$GATEWAY_NAMESPACE#"
  wait_until 120 kubelet "CoreDNS to be ready" \
    "$kubectl" --kubeconfig "$kubeconfig" -n kube-system rollout status deployment/coredns --timeout=2s
  wait_until 120 kubelet "Traefik to be ready" \
    "$kubectl" --kubeconfig "$kubeconfig" -n "$GATEWAY_NAMESPACE" rollout status deployment/traefik --timeout=2s
}

# 127.0.0.1:<route port> -> Traefik's ClusterIP through kube-proxy, so requests reach Traefik
# as any in-cluster client would, and Traefik's requests to WordPress come from its own pod.
node_forwarder() {
  local ip
  ip="$("$kubectl" --kubeconfig "$kubeconfig" -n "$GATEWAY_NAMESPACE" get service traefik -o jsonpath='{.spec.clusterIP}')"
  port_free "$route_port" || fail "port 127.0.0.1:$route_port is in use (set STOREFLEET_ROUTE_PORT)"
  # exec -a names the process after the component, as up.sh's pid checks expect.
  start route-forwarder bash -c 'exec -a route-forwarder socat "$@"' socat "TCP-LISTEN:$route_port,bind=127.0.0.1,fork,reuseaddr" "TCP:$ip:80"
  wait_until 30 route-forwarder "the route port" curl -s -o /dev/null "http://127.0.0.1:$route_port/"
}

# Chart values of one image: "{repository: ..., tag: ..., pullPolicy: Never}" (never pulled:
# no registry has it).
image_values() {
  local ref; ref="$(image_ref "$1")"
  printf '{repository: %s, tag: "%s", pullPolicy: Never}' "${ref%:*}" "${ref##*:}"
}

# What the worker needs to place stores on the real node: chart values under every store's
# (STORE_BASE_VALUES_FILE) and the settings of the real-store suite (realnode.env). Only when
# the store images were built. s3client is the backup Job's upload image (lib/backups/job.ts).
node_store_settings() {
  [ -n "$(image_ref wp-cli)" ] || return 0
  local zip wc_version
  zip="$(basename "$(bash "$root/scripts/store-test/woocommerce-zip.sh")")"
  wc_version="${zip%.zip}"; wc_version="${wc_version#woocommerce-}"
  local placement='
  nodeSelector: {storefleet.dev/node: real}
  tolerations: [{key: storefleet.dev/real-node, operator: Equal, value: "true", effect: NoSchedule}]'
  cat >"$node/store-base-values.yaml" <<YAML
# Written by scripts/kube/node.sh: what every store needs to run on the real node.
images:
  wordpress: $(image_values wordpress)
  cli: $(image_values wp-cli)
  mariadb: $(image_values mariadb)
  s3client: $(image_values s3-client)
woocommerce: {version: "$wc_version", package: "/usr/src/woocommerce/$zip"}
wordpress:
  persistence: {storageClass: local-path}
  configExtra: "define('WP_HTTP_BLOCK_EXTERNAL', true);"$placement
mariadb:
  persistence: {storageClass: local-path}$placement
YAML
  cat >"$node/realnode.env" <<ENV
STORE_BASE_VALUES_FILE=$node/store-base-values.yaml
STORE_URL_PORT=$route_port
ROUTER_NAMESPACE=$GATEWAY_NAMESPACE
REAL_NODE_NAME=$REAL_NODE_NAME
REAL_NODE_VOLUMES=$node/volumes
ENV
}

node_start() {
  # The host components' permissions first, so none of them starts refused.
  apply_addon node-rbac.yaml
  node_images
  node_containerd
  node_kubelet
  node_proxies
  node_addons
  node_forwarder
  node_store_settings
  log "real node $REAL_NODE_NAME Ready; store routes on http://127.0.0.1:$route_port"
}
