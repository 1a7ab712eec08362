#!/usr/bin/env bash
# Throughput and peak heap of build + sign (Ed25519) + verify for 1, 16 and 64 MiB payloads
# against the JDK's raw SHA-256 over the same bytes (src/test/java/.../bench/ImageBenchmark.java).
# Not part of the test run. Results go in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
key=src/test/resources/vectors/keys/ed25519.pem
for mib in 1 16 64; do
  # A fixed heap, so that the collector behaves the same for every size: 4x the payload plus 256 MiB.
  java -Xms$((mib * 4 + 256))m -Xmx$((mib * 4 + 256))m -XX:+UseG1GC -cp "$cp" org.zephyrsign.bench.ImageBenchmark "$mib" "$key"
done
