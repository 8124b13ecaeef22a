#!/bin/sh
# Stand-in for the docker CLI in the daemonless image build (-Pimages): Quarkus' Jib extension has
# two targets, a registry (quarkus.container-image.push=true) and the Docker daemon, which Jib
# reaches only through two commands of quarkus.jib.docker-executable-name:
#   docker info -f '{{json .}}'   the daemon's os and architecture, to pick the platform
#   docker load                   the finished image as a 'docker save' tarball on standard input
# This answers the first with this machine's and writes the second to $JIB_IMAGE_TARBALL
# (quarkus.jib.docker-environment.JIB_IMAGE_TARBALL). Load the file later with 'docker load -i',
# 'podman load -i', or copy it to a registry with 'skopeo copy docker-archive:FILE docker://REF'.
# jib-base-image.sh installs this file as target/jib-base/docker.
set -eu
case "${1:-}" in
  info)
    case $(uname -m) in x86_64) arch=x86_64 ;; aarch64) arch=aarch64 ;; *) arch=$(uname -m) ;; esac
    printf '{"OSType":"linux","Architecture":"%s"}\n' "$arch"
    ;;
  load)
    out=${JIB_IMAGE_TARBALL:?JIB_IMAGE_TARBALL is not set (quarkus.jib.docker-environment.JIB_IMAGE_TARBALL)}
    mkdir -p "$(dirname "$out")"
    cat > "$out.tmp"
    mv "$out.tmp" "$out"
    echo "Wrote image tarball $out ($(wc -c < "$out") bytes)"
    ;;
  *)
    echo "jib-docker-tar: only 'info' and 'load' are supported here (no Docker daemon); got: $*" >&2
    exit 1
    ;;
esac
