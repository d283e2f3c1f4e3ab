#!/usr/bin/env bash
# Packs a root filesystem as a one-layer OCI image archive that `ctr images import` reads.
# Usage: oci-pack.sh <rootfs-dir> <out.tar> <image-name> <config-json>
#   config-json: the image config's "config" object (User, Env, Entrypoint, Cmd, WorkingDir,
#   ExposedPorts, StopSignal), as in the OCI image spec.
# The layer is stored uncompressed: it is imported on this machine only, and gzip would cost
# more time than the copy it saves.
set -euo pipefail
rootfs="$1" out="$2" name="$3" config="$4"
work="$(mktemp -d "${TMPDIR:-/tmp}/oci-pack.XXXXXX")"
trap 'rm -rf "$work"' EXIT
blobs="$work/blobs/sha256"
mkdir -p "$blobs"

# put <file>: moves a file into the blob store, prints "<digest> <size>".
put() {
  local digest size
  digest="$(sha256sum "$1" | cut -d' ' -f1)"
  size="$(stat -c %s "$1")"
  mv "$1" "$blobs/$digest"
  echo "$digest $size"
}

# Device nodes, /proc and /sys are provided by the runtime at start, so their content is left out.
tar --numeric-owner --xattrs --sort=name -C "$rootfs" \
  --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* -cf "$work/layer" .
read -r layer_digest layer_size < <(put "$work/layer")

jq -n --argjson config "$config" --arg diff "sha256:$layer_digest" '{
  architecture: "amd64", os: "linux", config: $config,
  rootfs: {type: "layers", diff_ids: [$diff]},
  history: [{created_by: "storefleet scripts/kube/images (debootstrap + apt-get)"}]
}' >"$work/config"
read -r config_digest config_size < <(put "$work/config")

jq -n --arg cd "sha256:$config_digest" --argjson cs "$config_size" \
  --arg ld "sha256:$layer_digest" --argjson ls "$layer_size" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs},
  layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar", digest: $ld, size: $ls}]
}' >"$work/manifest"
read -r manifest_digest manifest_size < <(put "$work/manifest")

# containerd names the imported image after io.containerd.image.name.
jq -n --arg md "sha256:$manifest_digest" --argjson ms "$manifest_size" --arg name "$name" '{
  schemaVersion: 2,
  manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $md, size: $ms,
    annotations: {"io.containerd.image.name": $name, "org.opencontainers.image.ref.name": ($name | sub(".*:"; ""))}}]
}' >"$work/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$work/oci-layout"
tar -C "$work" -cf "$out.tmp" oci-layout index.json blobs
mv "$out.tmp" "$out"
