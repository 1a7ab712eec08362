def kms = System.properties.remove('zephyr.it.fake.' + basedir)
try {
    def log = new File(basedir, 'build.log').text
    ['ed25519', 'p256', 'p384', 'rsa2048', 'rsa3072'].each { alg ->
        def image = new File(basedir, "target/app-${alg}.bin")
        assert image.isFile() : "no image for ${alg}"
        def installed = new File(localRepositoryPath, "org/zephyrsign/it/gcp-kms-all/1.0/gcp-kms-all-1.0-${alg}.bin")
        assert installed.isFile() && installed.bytes == image.bytes
    }
    assert log.count('image was correctly validated') == 5
    def tokens = kms.requests().findAll { it.path() == '/token' }
    assert tokens.size() == 1 : "${tokens.size()} token requests"
    def signs = kms.requests().findAll { it.path().endsWith(':asymmetricSign') }
    assert signs.size() == 5
    def token = signs[0].header('Authorization').substring(7)
    def privateKey = new groovy.json.JsonSlurper().parse(new File(basedir, 'fake-ca').listFiles()
            .find { it.name.startsWith('service-account-') }).private_key.readLines()[1]
    assert !log.contains(token)
    assert !log.contains(privateKey)
} finally {
    kms?.close()
}
return true
