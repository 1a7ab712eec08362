#!/usr/bin/env bash
# Runs every test: the imgtool vectors, the engine and CLI tests, the fuzz regression, the PKCS#11
# tests against a fresh SoftHSM2 token, and the invoker ITs of every goal; then the deploy ITs
# (src/it-nexus) against a throwaway Sonatype Nexus Repository OSS on 127.0.0.1, which
# src/test/scripts/nexus.sh starts in the background while the build compiles and runs the unit
# tests, and which is stopped by its PID at the end, also when a test fails or the run is interrupted.
# ZEPHYR_TEST_NEXUS=0 leaves Nexus and its ITs out.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-packages.sh
if [ "${ZEPHYR_TEST_NEXUS:-1}" = 0 ]; then
  exec mvn -B verify "$@"
fi

nexus_dir=$(mktemp -d "${TMPDIR:-/tmp}/zephyr-nexus.XXXXXX")
starter=
stop_nexus() {
  if [ -n "$starter" ]; then kill "$starter" 2>/dev/null || true; fi
  bash src/test/scripts/nexus.sh stop "$nexus_dir" || true
}
trap stop_nexus EXIT
trap 'exit 130' INT TERM
bash src/test/scripts/nexus.sh start "$nexus_dir" src/it/settings.xml &
starter=$!
# Its port is known at once (a first run fetches the distribution first); the nexus profile waits
# for Nexus itself (nexus.sh wait) before its ITs.
for _ in $(seq 1200); do
  if [ -f "$nexus_dir/url" ] || [ -f "$nexus_dir/failed" ] || ! kill -0 "$starter" 2>/dev/null; then break; fi
  sleep 0.5
done
[ -f "$nexus_dir/url" ] || { echo "test.sh: Nexus did not start: $(cat "$nexus_dir/failed" 2>/dev/null)" >&2; exit 1; }
mvn -B verify -Dnexus.dir="$nexus_dir" -Dnexus.url="$(cat "$nexus_dir/url")" "$@"
