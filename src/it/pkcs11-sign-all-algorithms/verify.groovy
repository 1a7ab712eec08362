def log = new File(basedir, 'build.log').text
['ed25519', 'p256', 'p384', 'rsa2048', 'rsa3072'].each { alg ->
    def image = new File(basedir, "target/app-${alg}.bin")
    assert image.isFile() : "no image for ${alg}"
    assert new File(basedir, "target/${alg}.pub.pem").text.startsWith('-----BEGIN PUBLIC KEY-----')
    def installed = new File(localRepositoryPath, "org/zephyrsign/it/pkcs11-all/1.0/pkcs11-all-1.0-${alg}.bin")
    assert installed.isFile() && installed.bytes == image.bytes
}
assert log.contains('[DEBUG]')
assert log.count('image was correctly validated') == 5
assert log.contains("PKCS#11 key label 'fw-ed25519' on token 'firmware'")
// 15 goal executions (pubkey, sign, verify for five keys), one login and one session
assert log.count("Logged in to PKCS#11 token 'firmware'") == 1
// The whole -X log, every line of it, never holds the PIN.
assert softhsmPin.length() > 10
assert !log.contains(softhsmPin)
return true
