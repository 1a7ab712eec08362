// Six builds share this build.log (invoker.properties). Each refused one ends with one line naming
// the key and why it matters; the allowed one warns once per key and writes a verified image.
import java.util.regex.Pattern

def log = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[0-9;]*m/, '')
def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.$)/).findAll { it.contains('Scanning for projects') }
assert runs.size() == 6 : "expected 6 builds in build.log, found ${runs.size()}"

def base = basedir.canonicalPath
def signingRisk = 'its private key is public in the MCUboot repository, so anyone can sign images that a ' \
        + 'bootloader with this key accepts'
def override = 'Use a key of your own, or set <allowPublishedKey>true</allowPublishedKey> ' \
        + '(-Dzephyr.allowPublishedKey) to accept it for a development board'
def rootEd25519 = "MCUboot's published root-ed25519 development key (root-ed25519.pem)"

/** The one line Maven prints for a failed goal, with exactly our message as its reason. */
def failedGoal = { String run, String goal, String message ->
    def line = "[ERROR] Failed to execute goal org.zephyrsign:zephyr-maven-plugin:"
    def m = (run =~ ("(?m)^" + Pattern.quote(line) + "[^:]+:" + goal + " \\(default-cli\\) on project "
            + "published-key-guard: " + Pattern.quote(message) + " -> \\[Help 1\\]\$"))
    assert run.contains('[INFO] BUILD FAILURE')
    assert m.find() : "no failure of ${goal} with\n${message}\nin:\n${run}"
    assert !run.contains('[WARNING] the signer') : 'refused, not warned'
    true
}

// 1-3: each goal refuses the signer's key before doing anything with it
def signer = "the signer's public key is ${rootEd25519}: ${signingRisk}. ${override}".toString()
failedGoal(runs[0], 'sign', signer)
failedGoal(runs[1], 'pubkey', signer)
failedGoal(runs[2], 'bootloader', signer)
assert !runs[0].contains('Wrote ') && !runs[1].contains('Wrote the')
assert !runs[2].contains('Using West') && !new File(basedir, 'calls.log').exists() : 'west must not have run'
assert !new File(basedir, 'target/zephyr/signing-key.pub.pem').exists()

// 4: a key of our own, but a published encryption key
failedGoal(runs[3], 'sign', "the encryption key ${base}/keys/enc-x25519-priv.pub.pem, set by <encryptionKey> "
        + "(-Dzephyr.encryptionKey), is MCUboot's published enc-x25519-priv development key "
        + "(enc-x25519-priv.pem): its private key is public in the MCUboot repository, so anyone can decrypt "
        + "images encrypted for it. ${override}")

// 5: allowed: one warning per key and goal, then the image is written and verifies
def image = "${base}/target/published-key-guard-1.0-signed.bin"
assert runs[4].contains('[INFO] BUILD SUCCESS')
def warning = "[WARNING] the signer's public key is ${rootEd25519}: ${signingRisk}; accepted because of " \
        + "<allowPublishedKey> (-Dzephyr.allowPublishedKey): never ship what this build makes"
assert runs[4].count(warning) == 1 : 'zephyr:sign warns once'
def imageWarning = "[WARNING] ${image} names ${rootEd25519} as its signing key (KEYHASH TLV): ${signingRisk}; " \
        + "accepted because of <allowPublishedKey> (-Dzephyr.allowPublishedKey): never ship what this build makes"
assert runs[4].count(imageWarning) == 1 : 'zephyr:verify warns about the image once (and not again for the signer)'
assert runs[4].contains("${image}: image was correctly validated")
assert new File(image).isFile()

// 6: the image names root-ed25519 (whoever the signer is): refused before the signature is checked
failedGoal(runs[5], 'verify', "${image} names ${rootEd25519} as its signing key (KEYHASH TLV): ${signingRisk}. "
        + override)

// No stack trace anywhere; "Exception" only in Maven's help link, once per failed build.
assert !log.contains('Exception in thread')
assert !log.contains('Caused by')
assert !(log =~ /(?m)^\s+at \S/).find() : 'a stack-frame line'
def exceptionLines = log.readLines().findAll { it.contains('Exception') }
assert exceptionLines.size() == 5
assert exceptionLines.every { it == '[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException' }
return true
