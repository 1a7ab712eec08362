def vault = System.properties.remove('zephyr.it.fake.' + basedir)
try {
    def log = new File(basedir, 'build.log').text
    ['ed25519', 'p256', 'p384', 'rsa2048', 'rsa3072'].each { alg ->
        def image = new File(basedir, "target/app-${alg}.bin")
        assert image.isFile() : "no image for ${alg}"
        assert new File(basedir, "target/${alg}.pub.pem").text.startsWith('-----BEGIN PUBLIC KEY-----')
        def installed = new File(localRepositoryPath, "org/zephyrsign/it/vault-all/1.0/vault-all-1.0-${alg}.bin")
        assert installed.isFile() && installed.bytes == image.bytes
    }
    assert log.contains('[DEBUG]')
    assert log.count('image was correctly validated') == 5
    assert log.contains("Signing with Vault transit key 'transit/keys/fw-ecdsa-p384'")
    // 15 goal executions, five keys: one AppRole login for the whole build.
    def logins = vault.requests().findAll { it.path() == '/v1/auth/approle/login' }
    assert logins.size() == 1 : "${logins.size()} logins"
    def signs = vault.requests().findAll { it.path().startsWith('/v1/transit/sign/') }
    assert signs.size() == 5
    def token = signs[0].header('X-Vault-Token')
    assert token != null && token.length() > 10
    // The whole -X log, every line, holds neither the secret id nor the token it bought.
    assert !log.contains('it-secret-id-0f3a9c51d2')
    assert !log.contains(token)
} finally {
    vault?.close()
}
return true
