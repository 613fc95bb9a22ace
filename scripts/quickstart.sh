#!/usr/bin/env bash
# Quick start on a fresh Debian machine: install the system MPIs, build mpi4js against the
# default MPI, and run the demo on 4 ranks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
npm install
npm run demo
