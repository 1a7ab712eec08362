// zephyr:sign refuses the signature in package: the deploy phase is never reached.
def nexus = evaluate(new File(nexusClient))
def failure = evaluate(new File(nexusClient.replace('nexus.groovy', 'nothing-deployed.groovy')))
        .check(nexus, basedir, 'refused-signature', 'firmware-it', 'does not verify against the expected public key')
assert failure.contains('zephyr-maven-plugin') && failure.contains(':sign ') : failure
assert !new File(basedir, 'target/refused-signature-1.0.0-signed.bin').exists()
return true
