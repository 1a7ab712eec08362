def kms = System.properties.remove('zephyr.it.fake.' + basedir)
try {
    def log = new File(basedir, 'build.log').text
    ['ed25519', 'p256', 'p384', 'rsa2048', 'rsa3072'].each { alg ->
        def image = new File(basedir, "target/app-${alg}.bin")
        assert image.isFile() : "no image for ${alg}"
        assert new File(basedir, "target/${alg}.pub.pem").text.startsWith('-----BEGIN PUBLIC KEY-----')
        def installed = new File(localRepositoryPath, "org/zephyrsign/it/aws-kms-all/1.0/aws-kms-all-1.0-${alg}.bin")
        assert installed.isFile() && installed.bytes == image.bytes
    }
    assert log.contains('[DEBUG]')
    assert log.count('image was correctly validated') == 5
    def signs = kms.requests().findAll { it.header('X-Amz-Target') == 'TrentService.Sign' }
    assert signs.size() == 5
    assert signs.every { it.header('Authorization').startsWith('AWS4-HMAC-SHA256 Credential=AKIAZEPHYRIT00000001/') }
    assert signs.findAll { it.body().contains('"MessageType":"DIGEST"') }.size() == 4
    // The whole -X log, every line, holds neither the secret key nor a request signature.
    assert !log.contains('it/aws/secret/Zq81+never+logged+7c2e')
    assert !log.contains(signs[0].header('Authorization').replaceFirst('.*Signature=', ''))
} finally {
    kms?.close()
}
return true
