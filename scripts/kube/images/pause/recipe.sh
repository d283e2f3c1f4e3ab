# The pod sandbox ("pause") image: one static Go program (main.go) on an empty filesystem.
# shellcheck shell=bash disable=SC2034,SC2154 # sourced by build.sh: shares its variables
IMAGE_VERSION=1
IMAGE_PACKAGES=""
IMAGE_CONFIG='{"Entrypoint":["/pause"],"User":"65535:65535"}'
image_rootfs() {
  (cd "$here/pause" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -ldflags "-s -w" -o "$1/pause" main.go)
}
