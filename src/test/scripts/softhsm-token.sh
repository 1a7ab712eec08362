#!/usr/bin/env bash
# Creates a throwaway SoftHSM2 token in DIR with one non-extractable, sensitive signing key per
# MCUboot algorithm, as a production HSM would hold them. Prints nothing but errors.
# Usage: softhsm-token.sh DIR [USER_PIN]   (SO PIN 5678; the user PIN defaults to 1234)
set -euo pipefail
dir=$1
pin=${2:-1234}
module=${SOFTHSM2_MODULE:-/usr/lib/softhsm/libsofthsm2.so}
for tool in softhsm2-util pkcs11-tool; do
  command -v "$tool" >/dev/null || { echo "softhsm-token.sh: $tool is missing; run scripts/test.sh, which installs softhsm2 and opensc" >&2; exit 3; }
done
rm -rf "$dir"
mkdir -p "$dir/tokens"
export SOFTHSM2_CONF=$dir/softhsm2.conf
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$dir" > "$SOFTHSM2_CONF"
softhsm2-util --init-token --free --label firmware --so-pin 5678 --pin "$pin" >/dev/null
keygen() { # type label id
  pkcs11-tool --module "$module" --token-label firmware --login --pin "$pin" \
    --keypairgen --key-type "$1" --label "$2" --id "$3" --sensitive --usage-sign >/dev/null 2>&1 \
    || { echo "softhsm-token.sh: generating $2 ($1) failed" >&2; exit 1; }
}
keygen EC:edwards25519 fw-ed25519 01
keygen EC:secp256r1 fw-p256 02
keygen EC:secp384r1 fw-p384 03
keygen rsa:2048 fw-rsa2048 04
keygen rsa:3072 fw-rsa3072 05
# Two keys under one label, to check that an ambiguous key name is refused.
keygen EC:secp256r1 fw-twice 10
keygen EC:secp256r1 fw-twice 11
