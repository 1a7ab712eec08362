#!/usr/bin/env bash
# Runs every test: the imgtool vectors, the engine and CLI tests, the fuzz regression, the PKCS#11
# tests against a fresh SoftHSM2 token, and the invoker ITs of every goal.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-packages.sh
exec mvn -B verify "$@"
