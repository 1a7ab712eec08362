def vault = System.properties.remove('zephyr.it.fake.' + basedir)
try {
    def log = new File(basedir, 'build.log').text
    ['p256', 'p384', 'rsa2048', 'rsa3072'].each { alg ->
        def image = new File(basedir, "target/app-${alg}.bin")
        assert image.isFile() : "no image for ${alg}"
        def installed = new File(localRepositoryPath,
                "org/zephyrsign/it/azure-key-vault-all/1.0/azure-key-vault-all-1.0-${alg}.bin")
        assert installed.isFile() && installed.bytes == image.bytes
    }
    assert log.count('image was correctly validated') == 4
    assert vault.unknownRequests().isEmpty() : vault.unknownRequests()
    // 12 goal executions, four keys: one token for the whole build.
    def tokens = vault.requests().findAll { it.path().endsWith('/oauth2/v2.0/token') }
    assert tokens.size() == 1 : "${tokens.size()} token requests"
    def signs = vault.requests().findAll { it.path().endsWith('/sign') }
    assert signs.size() == 4
    def token = signs[0].header('Authorization').substring(7)
    assert !log.contains('it~azure~secret~Qx7~never~logged')
    assert !log.contains(token)
} finally {
    vault?.close()
}
return true
