// The image is signed (by a development key) but zephyr:verify, pinned to the release key,
// fails the verify phase: deploy never runs.
def nexus = evaluate(new File(nexusClient))
def failure = evaluate(new File(nexusClient.replace('nexus.groovy', 'nothing-deployed.groovy')))
        .check(nexus, basedir, 'refused-verification', 'firmware-it', 'does not verify against the pinned ECDSA_P256 public key 6d4012ebbf99d5fa')
assert failure.contains(':verify ') && failure.contains("the image's KEYHASH TLV names another key") : failure
assert new File(basedir, 'target/refused-verification-1.0.0-signed.bin').isFile()
return true
