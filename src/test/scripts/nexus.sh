#!/usr/bin/env bash
# A throwaway Sonatype Nexus Repository OSS on 127.0.0.1, for the deploy ITs and the demo.
#
#   nexus.sh start DIR [SETTINGS]
#                         start one with its data in DIR (fresh), wait until it answers, create the
#                         hosted repository firmware-it (redeploy allowed), and write beside it:
#                           DIR/url                    http://127.0.0.1:PORT
#                           DIR/settings-security.xml  a master password made for this run
#                           DIR/settings.xml           SETTINGS (default: an empty <settings/>) with two
#                                                      more servers: nexus-it (admin, password encrypted
#                                                      with mvn --encrypt-password) and nexus-it-wrong
#                                                      (a wrong password, encrypted likewise)
#                         DIR/url is written as soon as the port is chosen, DIR/ready when all is done.
#   nexus.sh wait DIR     wait (bounded) until a start running in the background is done; fail with
#                         its reason when it failed
#   nexus.sh stop DIR     stop it by its PID (DIR/nexus.pid) and remove DIR
#   nexus.sh status DIR   exit 0 when it answers
#
# The distribution (org.sonatype.nexus.assemblies:nexus-base-template, a zip on Maven Central) is
# fetched once into ~/.m2 and unpacked once into NEXUS_CACHE (default ~/.m2/zephyrsign-nexus);
# every start gets a fresh data directory, so each run begins with an empty Nexus whose admin
# password is admin123 and whose write-once maven-releases repository is empty.
# NEXUS_START_TIMEOUT (seconds, default 600) bounds the wait: about 25 s on an idle machine; 266 s and
# 352 s measured on a 2-core machine at load average 20-25 (the latter beside a running build).
set -euo pipefail
version=3.71.0-06
coordinates=org.sonatype.nexus.assemblies:nexus-base-template:$version:zip
cache=${NEXUS_CACHE:-$HOME/.m2/zephyrsign-nexus}
home=$cache/nexus-base-template-$version
admin_password=admin123

die() {
  echo "nexus.sh: $*" >&2
  # a start in the background tells the one waiting for it why it failed
  if [ "${command:-}" = start ] && [ -d "${dir:-}" ]; then echo "$*" > "$dir/failed"; fi
  exit 1
}

[ $# -ge 2 ] && [ $# -le 3 ] || die "usage: nexus.sh start|wait|stop|status DIR [SETTINGS]"
command=$1
dir=$2
template=${3:-}
[ -z "$template" ] || template=$(realpath "$template")

url() { cat "$dir/url"; }

answers() {
  [ -f "$dir/url" ] && curl -fsS -o /dev/null --max-time 5 "$(url)/service/rest/v1/status" 2>/dev/null
}

distribution() {
  [ -x "$home/bin/nexus" ] && return
  local zip=$HOME/.m2/repository/org/sonatype/nexus/assemblies/nexus-base-template/$version/nexus-base-template-$version.zip
  if [ ! -f "$zip" ]; then
    echo "nexus.sh: fetching $coordinates (134 MB, once) into ~/.m2" >&2
    mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get -Dartifact="$coordinates" \
      -Dtransitive=false >&2 || die "could not fetch $coordinates"
  fi
  mkdir -p "$cache"
  local unpacking
  unpacking=$(mktemp -d "$cache/unpacking.XXXXXX")
  unzip -q "$zip" -d "$unpacking" || die "could not unpack $zip"
  # Another run may have unpacked it meanwhile: the first rename wins, the rest is thrown away.
  mv -T "$unpacking/nexus-base-template-$version" "$home" 2>/dev/null || true
  rm -rf "$unpacking"
  [ -x "$home/bin/nexus" ] || die "$home/bin/nexus missing after unpacking $zip"
}

free_port() {
  # The system hands out a free port for port 0; Nexus binds it moments later.
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

rest() { # METHOD PATH [JSON]
  local args=(-fsS --max-time 60 -u "admin:$admin_password" -X "$1" "$(url)$2")
  [ $# -lt 3 ] || args+=(-H 'Content-Type: application/json' -d "$3")
  curl "${args[@]}"
}

plain() { # Maven's output without colour codes and line ends
  sed 's/\x1b\[[0-9;]*m//g' | tr -d '\r\n'
}

encrypt() { # the password, encrypted with this run's master password as mvn --encrypt-password does
  mvn -B -q -Dstyle.color=never -Dsettings.security="$dir/settings-security.xml" --encrypt-password "$1" 2>>"$dir/mvn-encrypt.log" | plain
}

write_settings() {
  local master
  master=$(mvn -B -q -Dstyle.color=never --encrypt-master-password "$(head -c 18 /dev/urandom | base64)" 2>>"$dir/mvn-encrypt.log" | plain)
  cat > "$dir/settings-security.xml" <<XML
<settingsSecurity>
  <master>$master</master>
</settingsSecurity>
XML
  local good wrong
  good=$(encrypt "$admin_password")
  wrong=$(encrypt "not-$admin_password")
  case $good in "{"*"}") ;; *) die "mvn --encrypt-password gave no encrypted password (see $dir/mvn-encrypt.log)";; esac
  local servers="
    <!-- Added by src/test/scripts/nexus.sh for one run of a throwaway Nexus; passwords encrypted (mvn
         -ep) under the master password in settings-security.xml beside this file. -->
    <server>
      <id>nexus-it</id>
      <username>admin</username>
      <password>$good</password>
    </server>
    <server>
      <id>nexus-it-wrong</id>
      <username>admin</username>
      <password>$wrong</password>
    </server>"
  if [ -z "$template" ]; then
    printf '<settings>\n  <servers>%s\n  </servers>\n</settings>\n' "$servers" > "$dir/settings.xml"
  else
    grep -q '<servers>' "$template" || die "$template has no <servers> element to add the Nexus servers to"
    SERVERS=$servers /usr/bin/python3 -c 'import os, sys; t = open(sys.argv[1]).read()
print(t.replace("<servers>", "<servers>" + os.environ["SERVERS"], 1), end="")' "$template" > "$dir/settings.xml"
  fi
}

start() {
  command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
  command -v unzip >/dev/null || die "unzip is missing (apt-get install unzip)"
  if [ -f "$dir/nexus.pid" ] && kill -0 "$(cat "$dir/nexus.pid")" 2>/dev/null; then
    die "a Nexus started in $dir is still running (PID $(cat "$dir/nexus.pid")); nexus.sh stop $dir"
  fi
  distribution
  rm -rf "$dir"
  trap stop_nexus EXIT # whatever fails from here on stops what was started
  mkdir -p "$dir/data/etc" "$dir/data/log" "$dir/data/tmp"
  local port
  port=$(free_port)
  cat > "$dir/data/etc/nexus.properties" <<PROPERTIES
application-host=127.0.0.1
application-port=$port
nexus.security.randompassword=false
nexus.onboarding.enabled=false
PROPERTIES
  echo "http://127.0.0.1:$port" > "$dir/url"
  local began=$SECONDS
  # bin/nexus execs the JVM, so this PID is Nexus itself.
  KARAF_DATA=$dir/data JAVA_MIN_MEM=512m JAVA_MAX_MEM=2g DIRECT_MAX_MEM=1g \
    "$home/bin/nexus" server > "$dir/console.log" 2>&1 < /dev/null &
  echo $! > "$dir/nexus.pid"
  local limit=${NEXUS_START_TIMEOUT:-600}
  until answers; do
    if ! kill -0 "$(cat "$dir/nexus.pid")" 2>/dev/null; then
      tail -n 20 "$dir/console.log" >&2 || true
      die "Nexus exited while starting; its log: $dir/data/log/nexus.log"
    fi
    if (( SECONDS - began > limit )); then
      stop_nexus
      die "Nexus did not answer on $(url) within $limit s (NEXUS_START_TIMEOUT); stopped it"
    fi
    sleep 2
  done
  # The repositories start a moment after the status endpoint answers.
  until rest GET /service/rest/v1/repositories >/dev/null 2>&1; do
    (( SECONDS - began <= limit )) || { stop_nexus; die "Nexus's REST API did not answer within $limit s"; }
    sleep 1
  done
  rest POST /service/rest/v1/repositories/maven/hosted '{"name": "firmware-it", "online": true,
      "storage": {"blobStoreName": "default", "strictContentTypeValidation": false, "writePolicy": "ALLOW"},
      "maven": {"versionPolicy": "MIXED", "layoutPolicy": "STRICT", "contentDisposition": "ATTACHMENT"}}' \
    || { stop_nexus; die "could not create the hosted repository firmware-it"; }
  write_settings
  trap - EXIT
  touch "$dir/ready"
  echo "nexus.sh: Nexus $version on $(url) (PID $(cat "$dir/nexus.pid")), ready in $((SECONDS - began)) s" >&2
}

wait_ready() {
  local began=$SECONDS limit=${NEXUS_START_TIMEOUT:-600}
  # the start may still be fetching and unpacking the distribution before its own bounded wait
  limit=$((limit + 300))
  until [ -f "$dir/ready" ]; do
    [ ! -f "$dir/failed" ] || die "Nexus did not start: $(cat "$dir/failed")"
    (( SECONDS - began <= limit )) || die "Nexus started in $dir was not ready within $limit s"
    sleep 2
  done
  answers || die "Nexus in $dir was ready but does not answer on $(url) any more"
  echo "nexus.sh: Nexus on $(url) ready (waited $((SECONDS - began)) s)" >&2
}

stop_nexus() {
  [ -f "$dir/nexus.pid" ] || return 0
  local pid
  pid=$(cat "$dir/nexus.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  fi
  rm -f "$dir/nexus.pid"
}

case $command in
  start) start ;;
  wait) wait_ready ;;
  stop) stop_nexus; rm -rf "$dir" ;;
  status) answers ;;
  *) die "usage: nexus.sh start|wait|stop|status DIR [SETTINGS]" ;;
esac
