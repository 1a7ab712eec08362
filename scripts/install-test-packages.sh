#!/usr/bin/env bash
# Installs the system packages the tests and the demo use, when missing: SoftHSM2 (a real PKCS#11
# token), OpenSC's pkcs11-tool (to generate keys inside it), p11-kit (a network-HSM stand-in),
# openssl (an independent check of our signatures) and xz (liblzma, a check of our LZMA2 streams).
set -euo pipefail
missing=()
command -v softhsm2-util >/dev/null || missing+=(softhsm2)
command -v pkcs11-tool >/dev/null || missing+=(opensc)
command -v p11-kit >/dev/null || missing+=(p11-kit)
command -v openssl >/dev/null || missing+=(openssl)
command -v xz >/dev/null || missing+=(xz-utils)
# the throwaway Nexus of the deploy ITs and the demo (src/test/scripts/nexus.sh)
command -v curl >/dev/null || missing+=(curl)
command -v unzip >/dev/null || missing+=(unzip)
compgen -G '/usr/lib/*/pkcs11/p11-kit-client.so' >/dev/null || missing+=(p11-kit-modules)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing ${missing[*]} (Debian packages)..."
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
