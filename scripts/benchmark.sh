#!/usr/bin/env bash
# The figures of BENCHMARKS.md. Not part of the test run.
#  1. Engine throughput and allocation: build + sign (Ed25519) + verify for 1, 16 and 64 MiB payloads
#     against the JDK's raw SHA-256 over the same bytes, in one warm JVM per size
#     (src/test/java/.../bench/ImageBenchmark.java).
#  2. The command line, whole process, as a user runs it (target/zephyr-sign): `sign -H 0x200
#     --pad-header --align 4 -S ... -v 1.0.0 -k ed25519.pem` of 1 KiB, 16 MiB and 64 MiB, in turn
#     with MCUboot's imgtool when IMGTOOL names it (e.g. IMGTOOL="/usr/bin/python3 .../imgtool.py")
#     and with plain `java -jar`, ROUNDS rounds (default 5); min / median / max, and whether the
#     images are byte-identical to imgtool's.
#  3. Peak memory of the command line's sign and verify for 64 MiB and 1 GiB images (RSS, and the
#     smallest heap they run in), and of COMPARE the same way: label=command entries separated by
#     ';', e.g. COMPARE="imgtool=$IMGTOOL;older jar=java -jar /tmp/old-cli.jar".
# Scratch files go to BENCH_DIR (default: a new directory under /tmp; about 2.2 GB for part 3).
# PARTS picks what to run (default "engine cli memory").
set -euo pipefail
cd "$(dirname "$0")/.."
parts=${PARTS:-engine cli memory}
key=$PWD/src/test/resources/vectors/keys/ed25519.pem

mvn -B -q package -DskipTests -DskipITs
if [[ " $parts " == *" engine "* ]]; then
    mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
        -Dmdep.includeScope=test
    cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
    for mib in 1 16 64; do
        # A fixed heap, so that the collector behaves the same for every size: 4x the payload plus 256 MiB.
        java -Xms$((mib * 4 + 256))m -Xmx$((mib * 4 + 256))m -XX:+UseG1GC -cp "$cp" \
            org.zephyrsign.bench.ImageBenchmark "$mib" "$key"
    done
fi

dir=${BENCH_DIR:-$(mktemp -d /tmp/zephyr-bench.XXXXXX)}
mkdir -p "$dir"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(java -version 2>&1 | head -1)"
if [[ " $parts " == *" cli "* ]]; then
    jar=$(ls target/zephyr-maven-plugin-*-cli.jar)
    /usr/bin/python3 scripts/bench_cli.py time "$dir" "$key" "${ROUNDS:-5}" "$PWD/target/zephyr-sign" "${IMGTOOL:-}" \
        "java -jar=java -jar $PWD/$jar"
fi
if [[ " $parts " == *" memory "* ]]; then
    compare=()
    [ -z "${COMPARE:-}" ] || IFS=';' read -r -a compare <<< "$COMPARE"
    /usr/bin/python3 scripts/bench_cli.py memory "$dir" "$key" "$PWD/target/zephyr-sign" "${compare[@]}"
fi
[ -n "${BENCH_DIR:-}" ] || rm -rf "$dir"
