// The server nexus-it-wrong holds a wrong (encrypted) password: Nexus answers 401 to the first upload.
def nexus = evaluate(new File(nexusClient))
def failure = evaluate(new File(nexusClient.replace('nexus.groovy', 'nothing-deployed.groovy')))
        .check(nexus, basedir, 'wrong-password', 'firmware-it', '401')
// Maven's own line (its wording differs between 3.8 and 3.9: 'status: 401 Unauthorized', 'status code: 401')
assert failure.contains('maven-deploy-plugin') && failure =~ /\b401\b/ && !failure.contains('zephyr-maven-plugin') : failure
assert new File(basedir, 'target/wrong-password-1.0.0-signed.bin').isFile() // signed and verified, then refused
return true
