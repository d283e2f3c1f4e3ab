#!/usr/bin/env bash
# Starts a local, real Kubernetes API for development and tests: etcd, kube-apiserver,
# kube-controller-manager and kube-scheduler from the cache (see build.sh), KWOK for three
# simulated nodes, and a test-only volume provisioner so PersistentVolumeClaims bind. Where the
# machine allows it (STOREFLEET_REAL_NODE=auto|1, see realnode.sh), also a real node that runs
# containers (node.sh). Last, an S3-compatible object store for the backup tests (s3.sh).
# Idempotent: if everything is already up and healthy it returns at once.
# State (certs, etcd data, logs, pid files, kubeconfig) lives in <repo>/.storefleet/kube.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"

state="$root/.storefleet/kube"
port="${STOREFLEET_KUBE_PORT:-6443}"
# etcd and the component health ports sit away from their defaults (2379, 10257, 10259) so
# a real cluster or another etcd on this machine does not clash with the local env.
etcd_port="${STOREFLEET_ETCD_PORT:-$((port + 17000))}"
etcd_peer_port=$((etcd_port + 1))
kcm_port=$((port + 4000))
sched_port=$((port + 4001))
kubeconfig="$state/kubeconfig"
kubectl="$KUBE_BIN_DIR/kubectl"
components=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok volume-provisioner versitygw)
# shellcheck source=node.sh
source "$here/node.sh"
realnode_decide
# Which kind of cluster runs (or is to run): a running one of the other kind is not "up".
mode=simulated
if [ "$REAL_NODE" = 1 ]; then mode=real-node; components+=("${NODE_COMPONENTS[@]}"); fi
# The API server listens where pods can reach it when a real node runs, else on 127.0.0.1.
api_address=127.0.0.1
[ "$REAL_NODE" = 1 ] && api_address="$REAL_NODE_API_ADDRESS"

log() { printf '[kube-up] %s\n' "$*" >&2; }

# running, alive, fail, start, wait_until, port_free: how the test ground runs its processes.
# shellcheck source=procs.sh
source "$here/procs.sh"

healthy() {
  local c
  [ -f "$kubeconfig" ] && [ -f "$state/s3.env" ] && [ "$(cat "$state/mode" 2>/dev/null)" = "$mode" ] || return 1
  for c in "${components[@]}"; do running "$c" "$c" || return 1; done
  [ "$("$kubectl" --kubeconfig "$kubeconfig" --request-timeout=5s get --raw /readyz 2>/dev/null)" = ok ] || return 1
  "$kubectl" --kubeconfig "$kubeconfig" --request-timeout=5s wait --for=condition=Ready node -l type=kwok --timeout=5s >/dev/null 2>&1 || return 1
  [ "$REAL_NODE" = 0 ] || "$kubectl" --kubeconfig "$kubeconfig" --request-timeout=5s wait --for=condition=Ready "node/$REAL_NODE_NAME" --timeout=5s >/dev/null 2>&1
}

if healthy; then
  log "already up: KUBECONFIG=$kubeconfig"
  exit 0
fi

if [ "$REAL_NODE" = 1 ]; then
  # The store images (debootstrap and apt: mostly network and disk) build while Go compiles; they
  # are cached by content, so node_images below finds them ready, or says why they are missing.
  mkdir -p "$STOREFLEET_CACHE"
  bash "$here/images/build.sh" wordpress wp-cli mariadb s3-client >/dev/null 2>"$STOREFLEET_CACHE/store-images-prebuild.log" &
  prebuild=$!
  bash "$here/build.sh" --real-node
  wait "$prebuild" || true
else
  bash "$here/build.sh"
fi

# Anything left from a crashed or half-started run is stopped and wiped: this is a throwaway
# test cluster, and a clean start is faster to trust than a repair.
if [ -d "$state" ]; then
  log "previous local env is not healthy; resetting it"
  bash "$here/down.sh"
fi
for p in "$port" "$etcd_port" "$etcd_peer_port" "$kcm_port" "$sched_port"; do
  port_free "$p" || { log "ERROR: port 127.0.0.1:$p is already in use (set STOREFLEET_KUBE_PORT to move the local env)"; exit 1; }
done
mkdir -p "$state/pki"
chmod 700 "$state"
echo "$mode" >"$state/mode"
if [ "$REAL_NODE" = 1 ]; then node_host_up; else echo "$REAL_NODE_REASON" >"$state/real-node.skip"; fi

# --- certificates ------------------------------------------------------------------------
pki="$state/pki"
openssl_q() { openssl "$@" >/dev/null 2>"$pki/openssl.log" || { cat "$pki/openssl.log" >&2; fail "openssl $1 failed"; }; }
openssl_q req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=storefleet-local-ca" \
  -keyout "$pki/ca.key" -out "$pki/ca.crt"
# sign <name> <subject> [extfile-content]: a key and a CA-signed certificate.
sign() {
  printf '%s\n' "${3:-extendedKeyUsage=clientAuth}" >"$pki/$1.ext"
  openssl_q req -new -newkey rsa:2048 -nodes -subj "$2" -keyout "$pki/$1.key" -out "$pki/$1.csr"
  openssl_q x509 -req -in "$pki/$1.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 365 -extfile "$pki/$1.ext" -out "$pki/$1.crt"
}
# 10.96.0.1 is the in-cluster `kubernetes` Service IP (first of --service-cluster-ip-range).
sign apiserver "/CN=kube-apiserver" "$(printf '%s\n' \
  'extendedKeyUsage=serverAuth' \
  "subjectAltName=IP:127.0.0.1,IP:$REAL_NODE_API_ADDRESS,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local")"
# O=system:masters is the built-in superuser group; the two control-plane identities get the
# narrower bootstrap RBAC roles Kubernetes ships for them.
sign admin "/O=system:masters/CN=storefleet-admin"
sign controller-manager "/CN=system:kube-controller-manager"
sign scheduler "/CN=system:kube-scheduler"
# The API server's identity towards kubelets (logs, exec), bound to system:kubelet-api-admin; it
# starts with it whether or not a real node joins.
sign apiserver-kubelet-client "/CN=storefleet:apiserver-kubelet-client"
openssl_q genrsa -out "$pki/sa.key" 2048
openssl_q rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub"

# write_kubeconfig <file> <cert-name>: certificates embedded so the file can be copied alone.
write_kubeconfig() {
  local k=(--kubeconfig "$1")
  "$kubectl" config "${k[@]}" set-cluster local --server "https://$api_address:$port" \
    --certificate-authority "$pki/ca.crt" --embed-certs >/dev/null
  "$kubectl" config "${k[@]}" set-credentials "$2" --client-certificate "$pki/$2.crt" \
    --client-key "$pki/$2.key" --embed-certs >/dev/null
  "$kubectl" config "${k[@]}" set-context local --cluster local --user "$2" >/dev/null
  "$kubectl" config "${k[@]}" use-context local >/dev/null
}
write_kubeconfig "$kubeconfig" admin
write_kubeconfig "$state/controller-manager.kubeconfig" controller-manager
write_kubeconfig "$state/scheduler.kubeconfig" scheduler
[ "$REAL_NODE" = 0 ] || node_certs

# --- etcd --------------------------------------------------------------------------------
# --unsafe-no-fsync: test data is disposable, and fsync dominates etcd latency on CI disks.
start etcd "$KUBE_BIN_DIR/etcd" --name local --data-dir "$state/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
  --initial-cluster "local=http://127.0.0.1:$etcd_peer_port" --unsafe-no-fsync
wait_until 30 etcd "etcd health" curl -fsS "http://127.0.0.1:$etcd_port/health"

# --- kube-apiserver ----------------------------------------------------------------------
# Default admission plugins stay on (ResourceQuota, PodSecurity, DefaultStorageClass, ...)
# so the local env enforces what a real cluster enforces. --allow-privileged lets Pod
# Security admission, not a blanket flag, be what refuses privileged pods.
start kube-apiserver "$KUBE_BIN_DIR/kube-apiserver" \
  --bind-address="$api_address" --advertise-address="$api_address" --secure-port="$port" \
  --etcd-servers="http://127.0.0.1:$etcd_port" \
  --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --client-ca-file="$pki/ca.crt" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
  --authorization-mode=Node,RBAC --allow-privileged=true \
  --service-cluster-ip-range=10.96.0.0/16 \
  --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority="$pki/ca.crt" --kubelet-preferred-address-types=InternalIP
wait_until 90 kube-apiserver "kube-apiserver /readyz" "$kubectl" --kubeconfig "$kubeconfig" --request-timeout=5s get --raw /readyz

# --- controller-manager, scheduler -------------------------------------------------------
# No leader election: there is exactly one of each, and electing costs seconds at start.
start kube-controller-manager "$KUBE_BIN_DIR/kube-controller-manager" \
  --kubeconfig="$state/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$state/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$state/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$kcm_port" --leader-elect=false \
  --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
  --use-service-account-credentials=true \
  --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
  --service-cluster-ip-range=10.96.0.0/16 --controllers='*'
start kube-scheduler "$KUBE_BIN_DIR/kube-scheduler" \
  --kubeconfig="$state/scheduler.kubeconfig" \
  --authentication-kubeconfig="$state/scheduler.kubeconfig" \
  --authorization-kubeconfig="$state/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$sched_port" --leader-elect=false

# --- KWOK ----------------------------------------------------------------------------------
# The kwok binary has no built-in behaviour: kwokctl normally hands it "stages". We load the
# stock fast stages (node ready + lease heartbeat, pod ready, Job pod complete, pod delete)
# straight from the pinned KWOK module source, so nothing of KWOK is copied into this repo.
stages="$KWOK_BIN_DIR/stages.yaml"
if [ ! -s "$stages" ]; then
  kwok_src="$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')"
  for f in node/fast/node-initialize node/heartbeat-with-lease/node-heartbeat-with-lease \
    pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
    echo '---'; cat "$kwok_src/kustomize/stage/$f.yaml"
  done >"$stages.tmp"
  mv "$stages.tmp" "$stages"
fi
# --node-lease-duration-seconds makes KWOK create and renew each node's Lease, as a kubelet
# does; without it the node controller sees no heartbeat, marks the nodes NotReady within a
# minute and flips every pod to Ready=False.
start kwok "$KWOK_BIN_DIR/kwok" --kubeconfig="$kubeconfig" --config="$stages" --node-lease-duration-seconds=40 \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --cidr=10.244.0.0/16 --node-ip=127.0.0.1

# Three simulated nodes, untainted so ordinary workloads schedule on them.
for i in 1 2 3; do
  cat <<YAML
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations: {kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"}
  labels: {type: kwok, kubernetes.io/hostname: kwok-node-$i, kubernetes.io/os: linux, kubernetes.io/arch: amd64, topology.kubernetes.io/zone: local-$i}
status:
  allocatable: {cpu: "8", memory: 32Gi, ephemeral-storage: 100Gi, pods: "110"}
  capacity: {cpu: "8", memory: 32Gi, ephemeral-storage: 100Gi, pods: "110"}
YAML
done | "$kubectl" --kubeconfig "$kubeconfig" apply -f - >/dev/null

# --- storage -------------------------------------------------------------------------------
cat <<'YAML' | "$kubectl" --kubeconfig "$kubeconfig" apply -f - >/dev/null
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: storefleet.dev/simulated
volumeBindingMode: Immediate
reclaimPolicy: Delete
allowVolumeExpansion: true
YAML
# The real node's class: real host directories under the state folder (volume-provisioner.ts),
# made once the scheduler has picked the real node for the claim's pod.
[ "$REAL_NODE" = 0 ] || cat <<'YAML' | "$kubectl" --kubeconfig "$kubeconfig" apply -f - >/dev/null
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-path
provisioner: storefleet.dev/local-path
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
allowVolumeExpansion: false
YAML
# --- Gateway API ---------------------------------------------------------------------------
# The standard channel's CRDs as released in the pinned module (read from the Go module cache,
# never committed), so stores can be routed by HTTPRoute as on a cluster with a Gateway API
# implementation. Server-side apply: the CRDs are too large for the last-applied annotation.
gateway_api_src="$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')"
"$kubectl" --kubeconfig "$kubeconfig" apply --server-side -f "$gateway_api_src/config/crd/standard/" >/dev/null
"$kubectl" --kubeconfig "$kubeconfig" wait --for=condition=Established --timeout=60s -f "$gateway_api_src/config/crd/standard/" >/dev/null
# node --import tsx keeps it one process (npx/tsx would add wrappers around the pid we track).
for _ in $(seq 120); do
  [ -d "$root/node_modules/@kubernetes/client-node" ] && [ -d "$root/node_modules/tsx" ] && break
  log "waiting for node_modules (run npm install at the repo root)"; sleep 5
done
provisioner_env=(KUBECONFIG="$kubeconfig")
[ "$REAL_NODE" = 0 ] || provisioner_env+=(REAL_NODE_NAME="$REAL_NODE_NAME" REAL_NODE_VOLUMES="$node/volumes")
(cd "$root" && start volume-provisioner env "${provisioner_env[@]}" node --import tsx "$here/volume-provisioner.ts")

wait_until 60 kwok "simulated nodes to be Ready" \
  "$kubectl" --kubeconfig "$kubeconfig" wait --for=condition=Ready node -l type=kwok --timeout=2s
# The namespace controller must have made the default ServiceAccount, or the first pods fail.
wait_until 60 kube-controller-manager "default ServiceAccount" "$kubectl" --kubeconfig "$kubeconfig" get serviceaccount default -n default
if [ "$REAL_NODE" = 1 ]; then node_start; else log "no real node: $REAL_NODE_REASON"; fi
# After the node: it listens on the address pods reach the host at (127.0.0.1 without a node).
bash "$here/s3.sh" start || fail "the S3 server (s3.sh) did not start"
failing=""; healthy || fail "local env did not become healthy"
log "up: export KUBECONFIG=$kubeconfig (or: source scripts/kube/env.sh)"
