def log = new File(basedir, 'build.log').text
assert log.contains('does not verify against the expected public key')
assert log.contains('nothing was written')
assert !new File(basedir, 'target/wrong-signature-1.0-signed.bin').exists()
def leftovers = new File(basedir, 'target').exists() ? new File(basedir, 'target').listFiles().findAll { it.name.endsWith('.tmp') } : []
assert leftovers.isEmpty()
return true
