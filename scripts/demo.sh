#!/usr/bin/env bash
# The whole story on a fresh machine: provision an HSM (SoftHSM2) with a non-extractable signing
# key, build the plugin, then in examples/sign-existing-binary export the public key, sign the
# firmware through the HSM, verify it, attach it and deploy it to a local directory repository.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
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

echo "== mvn deploy in examples/sign-existing-binary"
(cd examples/sign-existing-binary && mvn -B -s "$work/settings.xml" deploy \
  -DaltDeploymentRepository=demo::file://"$work/repository" -Dhsm.module=/usr/lib/softhsm/libsofthsm2.so)

deployed=$work/repository/com/example/firmware/sensor-app/1.0.0
echo
echo "== Deployed:"
ls -1 "$deployed"
echo
echo "== Checking the deployed image with the CLI against the HSM's exported public key"
java -jar target/zephyr-maven-plugin-*-cli.jar verify -k "$deployed/sensor-app-1.0.0-signing-key.pem" \
  "$deployed/sensor-app-1.0.0-signed.bin"
