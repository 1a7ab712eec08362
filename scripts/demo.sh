#!/usr/bin/env bash
# The whole story on a fresh machine: provision an HSM (SoftHSM2) with a non-extractable signing
# key, build the plugin, then in examples/sign-existing-binary export the public key, sign the
# firmware through the HSM, verify it, attach it and deploy it to a local directory repository.
#
# scripts/demo.sh --repository-manager deploys to a real repository manager instead: a throwaway
# Sonatype Nexus Repository OSS on 127.0.0.1 (src/test/scripts/nexus.sh; fetched from Maven Central
# on the first run), with the password from settings.xml, encrypted; then checks the release by its
# coordinates as a factory would before flashing (command line and zephyr:verify, against the key
# hash), shows a wrong key refused, and stops Nexus.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
repository_manager=false
case "${1:-}" in
  --repository-manager) repository_manager=true ;;
  "") ;;
  *) echo "usage: scripts/demo.sh [--repository-manager]" >&2; exit 2 ;;
esac
bash scripts/install-test-packages.sh

echo "== Building the plugin"
mvn -B -q install -DskipTests -DskipITs

work=$root/target/demo
rm -rf "$work"
mkdir -p "$work"
pin=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "== Provisioning a SoftHSM2 token 'firmware' with sensitive, never-extractable keys"
bash src/test/scripts/softhsm-token.sh "$work/hsm" "$pin"
export SOFTHSM2_CONF=$work/hsm/softhsm2.conf

# The PIN reaches Maven only as a settings.xml server password, never on a command line or in a POM.
cat > "$work/settings.xml" <<XML
<settings>
  <servers>
    <server>
      <id>firmware-hsm</id>
      <password>$pin</password>
    </server>
  </servers>
</settings>
XML

cli=$(ls "$root"/target/zephyr-maven-plugin-*-cli.jar)
if ! $repository_manager; then
  echo "== mvn deploy in examples/sign-existing-binary"
  (cd examples/sign-existing-binary && mvn -B -s "$work/settings.xml" deploy \
    -DaltDeploymentRepository=demo::file://"$work/repository" -Dhsm.module=/usr/lib/softhsm/libsofthsm2.so)

  deployed=$work/repository/com/example/firmware/sensor-app/1.0.0
  echo
  echo "== Deployed:"
  ls -1 "$deployed"
  echo
  echo "== Checking the deployed image with the CLI against the HSM's exported public key"
  java -jar "$cli" verify -k "$deployed/sensor-app-1.0.0-signing-key.pem" \
    "$deployed/sensor-app-1.0.0-signed.bin"
  exit 0
fi

echo "== Starting a throwaway Sonatype Nexus Repository OSS on 127.0.0.1 (the first run fetches it, 134 MB)"
nexus=$work/nexus
trap 'bash src/test/scripts/nexus.sh stop "$nexus"' EXIT
# settings.xml gains the server nexus-it: admin's password, encrypted with mvn --encrypt-password under a
# master password in $nexus/settings-security.xml
bash src/test/scripts/nexus.sh start "$nexus" "$work/settings.xml"
releases=$(cat "$nexus/url")/repository/maven-releases
mvn_nexus=(mvn -B -s "$nexus/settings.xml" -Dsettings.security="$nexus/settings-security.xml")

echo "== mvn deploy in examples/sign-existing-binary, to Nexus's maven-releases"
(cd examples/sign-existing-binary && "${mvn_nexus[@]}" deploy -DaltDeploymentRepository=nexus-it::"$releases"/ \
  -Dhsm.module=/usr/lib/softhsm/libsofthsm2.so)

echo
echo "== What Nexus holds now (its REST API), with the SHA-256 it computed"
curl -fsS -u admin:admin123 "$(cat "$nexus/url")/service/rest/v1/components?repository=maven-releases" \
  | /usr/bin/python3 -c 'import json, sys
for c in json.load(sys.stdin)["items"]:
    for a in c["assets"]:
        if not a["path"].endswith((".md5", ".sha1", ".sha256", ".sha512")):
            print("  %-62s %s" % (a["path"], a["checksum"]["sha256"]))'

# What the factory is handed out of band: the hash of the release key (getpubhash), not the image.
key_hash=$(java -jar "$cli" getpubhash -e raw -k examples/sign-existing-binary/target/zephyr/signing-key.pub.pem \
  | od -An -tx1 | tr -d ' \n')
artifact=com.example.firmware:sensor-app:1.0.0:signed
echo
echo "== A factory checks the release by its coordinates before flashing: command line, key hash $key_hash"
ZEPHYRSIGN_REPO_USER=admin ZEPHYRSIGN_REPO_PASSWORD=admin123 \
  java -jar "$cli" verify --artifact "$artifact" --repository "$releases" --key-hash "$key_hash"

echo
echo "== The same through Maven: zephyr:verify with <artifact>, in a project that lists the repository"
mkdir -p "$work/factory"
cat > "$work/factory/pom.xml" <<XML
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example.factory</groupId>
  <artifactId>flash-station</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <repositories>
    <!-- credentials: the settings.xml server with this id -->
    <repository>
      <id>nexus-it</id>
      <url>$releases/</url>
    </repository>
  </repositories>
</project>
XML
(cd "$work/factory" && "${mvn_nexus[@]}" -Dstyle.color=never org.zephyrsign:zephyr-maven-plugin:0.1.0-SNAPSHOT:verify \
  -Dzephyr.artifact="$artifact" -Dzephyr.keyHash="$key_hash" | grep -E 'validated|signing record|BUILD|ERROR')

echo
echo "== And against another key (a P-256 key's hash) it refuses, exit 1:"
other=6d4012ebbf99d5fa868a00f6b0604db1e8ab1697d7b1b2ae582b43e579813dac
if ZEPHYRSIGN_REPO_USER=admin ZEPHYRSIGN_REPO_PASSWORD=admin123 \
    java -jar "$cli" verify --artifact "$artifact" --repository "$releases" --key-hash "$other"; then
  echo "demo.sh: a wrong key was accepted" >&2
  exit 1
fi
echo
echo "== Stopping Nexus"
