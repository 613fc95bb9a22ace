#!/usr/bin/env bash
# Counts MPICH jobs that die of a signal, per UCX_MEM_MMAP_HOOK_MODE (default: what mpi4js picks).
#   bash scripts/probes/ucx-hooks.sh [N] [mode ...]     e.g. 80 default none bistro
# Needs build-flavours/mpich (node scripts/build-flavours.js).
set -u
cd "$(dirname "$0")/../.."
N=${1:-40}; shift || true
MODES=("${@:-default}")
export PATH=$PWD/build-flavours/mpich/bin:$PATH MPI4JS_ADDON=$PWD/build-flavours/mpich/mpi4js.node
log=$(mktemp -d)
for mode in "${MODES[@]}"; do
  crashed=0; failed=0
  for i in $(seq 1 "$N"); do
    if [[ $mode == default ]]; then unset UCX_MEM_MMAP_HOOK_MODE; else export UCX_MEM_MMAP_HOOK_MODE=$mode; fi
    timeout 120 mpiexec -n 3 node scripts/probes/ucx-hooks.cjs > "$log/$mode.$i" 2>&1 || failed=$((failed + 1))
    grep -q 'Caught signal' "$log/$mode.$i" && crashed=$((crashed + 1))
  done
  echo "UCX_MEM_MMAP_HOOK_MODE=$mode: $failed/$N jobs failed, $crashed crashed (logs in $log)"
done
