def log = new File(basedir, 'build.log').text
['p256', 'ed25519'].each { alg ->
    def image = new File(basedir, "target/app-${alg}.bin")
    assert image.isFile() : "no image for ${alg}"
    def installed = new File(localRepositoryPath, "org/zephyrsign/it/command-sign/1.0/command-sign-1.0-${alg}.bin")
    assert installed.isFile() && installed.bytes == image.bytes
}
assert log.count('image was correctly validated') == 2
assert log.contains("Signing with command 'openssl'")
return true
