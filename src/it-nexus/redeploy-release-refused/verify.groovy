// The first deploy lands in maven-releases; the second fails with the deploy plugin's error carrying
// Nexus's 400 (write-once), not one of this plugin's; what the first deployed is unchanged.
def nexus = evaluate(new File(nexusClient))
def log = new File(basedir, 'build.log').text
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert failures.size() == 1 : failures
assert failures[0].contains('org.apache.maven.plugins:maven-deploy-plugin:3.1.3:deploy') : failures[0]
assert failures[0] =~ /\b400\b/ : failures[0] // Nexus: '... cannot be updated'
assert !failures[0].contains('zephyr-maven-plugin') : failures[0]
assert !(log =~ /(?m)^\s+at \S+\(/) && !log.contains('Caused by:') && !log.contains('Exception in thread')
def files = nexus.files('maven-releases', 'org.zephyrsign.it.nexus', 'redeployed-release')
def image = new File(basedir, 'target/redeployed-release-1.0.0-signed.bin')
def asset = files['/org/zephyrsign/it/nexus/redeployed-release/1.0.0/redeployed-release-1.0.0-signed.bin']
assert asset != null : files.keySet()
assert asset.checksum.sha256 == nexus.sha256(image.bytes)
return true
