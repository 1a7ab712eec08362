// Every module found its relatively named files in its own directory, although Maven ran in the
// parent: the images are there (the PEM and the two-phase one byte for byte imgtool's), verified.
def log = new File(basedir, 'build.log').text
def pem = new File(basedir, 'firmware-pem')
def twoPhase = new File(basedir, 'firmware-two-phase')
def hsm = new File(basedir, 'firmware-hsm')

assert log.contains('[INFO] BUILD SUCCESS')
assert new File(pem, 'target/firmware-pem-1.0-signed.bin').bytes == new File(pem, 'expected-imgtool.bin').bytes
assert new File(pem, 'target/zephyr/signing-key.pub.pem').text.startsWith('-----BEGIN PUBLIC KEY-----')
// Encrypted for the relative <encryptionKey>, checked with the relative <decryptionKey>; the relative
// custom TLV file's bytes are in the (unencrypted) protected TLV area.
def encrypted = new File(pem, 'target/app-encrypted.bin')
assert new String(encrypted.bytes, 'ISO-8859-1').contains('vendor-data')
assert log.contains("${encrypted}: image was correctly validated")
assert log.contains("Signing with the private key in ${new File(pem, 'keys/ed25519.pem')}: a development key")
// The warning names the signers that exist, and no others (the remote backends after pkcs11).
assert (log =~ /\(other signers: detached, pkcs11(, [\w-]+)*\)\./).find()

assert new File(twoPhase, 'target/zephyr/to-sign.json').isFile()
assert new File(twoPhase, 'target/firmware-two-phase-1.0-signed.bin').bytes == new File(twoPhase, 'expected-imgtool.bin').bytes
assert log.contains("Signing with signature file ${new File(twoPhase, 'signature-from-hsm.b64')}")

assert new File(hsm, 'target/firmware-hsm-1.0-signed.bin').isFile()
assert log.count("Logged in to PKCS#11 token 'firmware'") == 1
assert log.count('image was correctly validated') == 4

assert !log.contains('does not exist')
assert !log.contains('Exception')
assert !(log =~ /(?m)^\s+at \S/).find()
assert softhsmPin.length() > 10 && !log.contains(softhsmPin)
return true
