#!/usr/bin/env bash
# Fuzzes every Jazzer @FuzzTest method under src/test/java for SECONDS each (default 60) and exits
# non-zero if any of them finds a crash, a hang or a failing seed. Not part of scripts/test.sh.
# Usage: scripts/fuzz.sh [SECONDS] [maven options, e.g. -o]
#
# Jazzer writes each finding into the fuzz test's seed directory,
# src/test/resources/<package>/<Class>Inputs/<method>/, where the normal test run replays it (the
# fuzz-regression execution in pom.xml): it fails there until the bug is fixed. Inputs that only add
# coverage go to .cifuzz-corpus/, which the next fuzz run starts from.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz.sh: SECONDS must be a positive whole number, not '$seconds' (usage: scripts/fuzz.sh [SECONDS] [maven options])" >&2
  exit 2
fi

# Class#method of every @FuzzTest: the first method declared after each annotation.
targets=()
while IFS= read -r -d '' file; do
  grep -q '@FuzzTest' "$file" || continue
  class=$(sed -n 's/^package \([A-Za-z0-9_.]*\);.*/\1/p' "$file" | head -n 1).$(basename "$file" .java)
  class=${class#.}
  while IFS= read -r method; do
    targets+=("$class#$method")
  done < <(awk '/@FuzzTest/ { want = 1 }
      want && match($0, /void[ \t]+[A-Za-z_$][A-Za-z0-9_$]*[ \t]*\(/) {
        name = substr($0, RSTART, RLENGTH); sub(/^void[ \t]+/, "", name); sub(/[ \t]*\($/, "", name)
        print name; want = 0 }' "$file")
done < <(find src/test/java -name '*.java' -print0 | sort -z)
if [ ${#targets[@]} -eq 0 ]; then
  echo "fuzz.sh: no @FuzzTest method under src/test/java" >&2
  exit 2
fi

finding_names=(\( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' -o -name 'slow-unit-*' \))
findings() { # Jazzer writes a finding into the seed directory, or the project root if it has none
  { find src/test/resources -type f "${finding_names[@]}"
    find . -maxdepth 1 -type f "${finding_names[@]}" | sed 's|^\./||'; } 2>/dev/null | sort
}

# Jazzer attaches its agent to the test JVM, which opens /tmp/.java_pid<pid> (always in /tmp, whatever
# java.io.tmpdir says); a JVM that libFuzzer ends on a hang or out-of-memory cannot remove it.
attach_sockets() { find /tmp -maxdepth 1 -name '.java_pid*' 2>/dev/null | sort; }
remove_stale_attach_sockets() { # those that appeared since $1 and whose JVM has gone
  local socket
  while IFS= read -r socket; do
    if [ -n "$socket" ] && [ ! -e "/proc/${socket##*.java_pid}" ]; then
      rm -f "$socket"
    fi
  done < <(comm -13 <(echo "$1") <(attach_sockets))
}

logs=target/fuzz
# Seed directories are copied to target/test-classes, which Jazzer replays; a seed deleted from
# src/test/resources must not linger there.
for target in "${targets[@]}"; do
  class=${target%#*}
  rm -rf "target/test-classes/${class//.//}Inputs"
done
mkdir -p "$logs"
echo "fuzz.sh: compiling (log: $logs/compile.log)"
if ! mvn -B -Dmaven.antrun.skip=true "$@" test-compile > "$logs/compile.log" 2>&1; then
  grep -E '^\[ERROR\]' "$logs/compile.log" | head -n 20 >&2
  echo "fuzz.sh: compiling failed: see $logs/compile.log" >&2
  exit 1
fi
touch "$logs/.start"

# The seeds first, with JUnit's per-seed timeout (pom.xml, fuzz-regression): fuzzing starts by
# replaying them with that timeout off, where a seed that hangs would stall the run.
echo "fuzz.sh: replaying the seeds (log: $logs/seeds.log)"
if ! mvn -B "$@" surefire:test@fuzz-regression > "$logs/seeds.log" 2>&1; then
  grep -o ' » .*' "$logs/seeds.log" | sed 's/^ » FuzzTestFinding //; s/^ » //; s/^/  /' >&2 || true
  # The XML reports name each seed by its file (pom.xml: usePhrasedTestCaseMethodName).
  for class in $(printf '%s\n' "${targets[@]%#*}" | sort -u); do
    tr -d '\n' 2>/dev/null < "target/surefire-reports/TEST-$class.xml" | grep -o '<testcase name="[^"]*"[^>]*>[[:space:]]*<\(error\|failure\)' \
      | sed 's/^<testcase name="\([^"]*\)".*/  failing seed: \1/; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&amp;/\&/g' >&2 || true
  done
  echo "fuzz.sh: seeds fail before any fuzzing: fix the bug they show (see $logs/seeds.log)" >&2
  exit 1
fi

failed=0
for target in "${targets[@]}"; do
  class=${target%#*}
  method=${target#*#}
  simple=${class##*.}
  log=$logs/$simple.$method.log
  seeds=src/test/resources/${class%.*}
  seeds=${seeds//.//}/${simple}Inputs/$method
  echo "fuzz.sh: fuzzing $simple#$method for $seconds s (log: $log)"
  before=$(findings)
  sockets=$(attach_sockets)
  rm -f "target/surefire-reports/$class-output.txt"
  rc=0
  # JUnit's timeout would limit the whole fuzzing run; Jazzer passes the same setting to libFuzzer as
  # the limit per input, beyond which an input is a hang: a finding.
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION=${seconds}s mvn -B "$@" surefire:test@fuzz-regression \
    -Dtest="$target" -Djunit.jupiter.execution.timeout.mode=disabled > "$log" 2>&1 || rc=$?
  remove_stale_attach_sockets "$sockets"
  new=$(comm -13 <(echo "$before") <(findings))
  # The test's own output (Jazzer's, a finding's stack trace under JAZZER_KEEP_GOING) goes to surefire's
  # report directory, one file per class: keep it per method.
  output=$logs/$simple.$method.output.txt
  cp "target/surefire-reports/$class-output.txt" "$output" 2>/dev/null || : > "$output"
  if [ "$rc" -eq 0 ] && [ -z "$new" ]; then
    echo "fuzz.sh: $simple#$method: no finding in $(grep -o 'Done [0-9]* runs' "$log" | tail -n 1 | sed 's/Done //')"
    continue
  fi
  failed=1
  what=$({ grep -o ' » .*' "$log" | sed 's/^ » FuzzTestFinding //; s/^ » //'
           sed -n 's/^== Java Exception: //p' "$output"
           sed -n 's/^==[0-9]*== ERROR: \(libFuzzer: .*\)/\1/p' "$log"; } | sort -u)
  if [ -n "$new" ]; then
    echo "fuzz.sh: $simple#$method: FINDING (log: $log, $output)" >&2
  else
    echo "fuzz.sh: $simple#$method: the fuzz run failed, maven exit $rc (log: $log, $output)" >&2
  fi
  if [ -n "$what" ]; then
    sed 's/^/  /' <<< "$what" >&2
  fi
  if [ -n "$new" ]; then
    while IFS= read -r file; do
      echo "  reproducer: $file" >&2
      if [[ $file != "$seeds"/* ]]; then
        echo "    move it into $seeds/ to make it a seed" >&2
      fi
    done <<< "$new"
    echo "  As a seed of $simple#$method it fails scripts/test.sh until the bug is fixed; replay the seeds with" >&2
    echo "    mvn test-compile surefire:test@fuzz-regression -Dtest='$target'" >&2
    echo "  Fix the bug, rename the file for what it covers, and commit it as a regression seed." >&2
  fi
done

corpus=$(find .cifuzz-corpus -type f -newer "$logs/.start" 2>/dev/null | wc -l)
if [ "$corpus" -gt 0 ]; then
  echo "fuzz.sh: $corpus new corpus inputs in .cifuzz-corpus/ (coverage, not findings): commit them to start the next run from there"
fi
exit $failed
