#!/usr/bin/env bash
# Installs what a new Debian/Ubuntu machine lacks to build and test mpi4js: both MPI flavours
# side by side (Open MPI and MPICH), a compiler, pkg-config, and mpi4py for the benchmarks.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
PKGS="build-essential python3 pkg-config cmake libopenmpi-dev openmpi-bin libmpich-dev mpich python3-mpi4py"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "setup: installing$missing"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends $missing
else
  echo "setup: system packages already installed"
fi
