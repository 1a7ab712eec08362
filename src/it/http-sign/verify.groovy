def service = System.properties.remove('zephyr.it.fake.' + basedir)
try {
    def log = new File(basedir, 'build.log').text
    ['p384', 'rsa3072'].each { alg ->
        def image = new File(basedir, "target/app-${alg}.bin")
        assert image.isFile() : "no image for ${alg}"
        def installed = new File(localRepositoryPath, "org/zephyrsign/it/http-sign/1.0/http-sign-1.0-${alg}.bin")
        assert installed.isFile() && installed.bytes == image.bytes
    }
    assert log.count('image was correctly validated') == 2
    def signs = service.requests().findAll { it.path().endsWith('/sign') }
    assert signs.size() == 2
    assert signs.every { it.header('Authorization') == 'Bearer it-bearer-token-91c3f7' }
    assert log.contains('[DEBUG]')
    assert !log.contains('it-bearer-token-91c3f7')
    assert !log.contains('p12-pass-4e8d2a')
} finally {
    service?.close()
}
return true
