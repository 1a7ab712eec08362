// The signed image is byte-identical to imgtool 2.4.0's for the same key and options, was
// verified, and was installed as an attached artifact.
def signed = new File(basedir, 'target/sign-and-verify-1.0-signed.bin')
assert signed.isFile()
assert signed.bytes == new File(basedir, 'expected-imgtool.bin').bytes
def log = new File(basedir, 'build.log').text
assert log.contains('a development key')
assert log.contains('image was correctly validated')
def installed = new File(localRepositoryPath, 'org/zephyrsign/it/sign-and-verify/1.0/sign-and-verify-1.0-signed.bin')
assert installed.isFile() && installed.bytes == signed.bytes
return true
