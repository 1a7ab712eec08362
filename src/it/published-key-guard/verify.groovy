// Eight builds share this build.log (invoker.properties). Each refused one ends with one line naming
// the key and why it matters; the allowed ones warn once per key and goal and go on.
import java.util.regex.Pattern

def log = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[0-9;]*m/, '')
def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.$)/).findAll { it.contains('Scanning for projects') }
assert runs.size() == 8 : "expected 8 builds in build.log, found ${runs.size()}"

def base = basedir.canonicalPath
def signingRisk = 'its private key is public in the MCUboot repository, so anyone can sign images that a ' \
        + 'bootloader with this key accepts'
def override = 'Use a key of your own, or set <allowPublishedKey>true</allowPublishedKey> ' \
        + '(-Dzephyr.allowPublishedKey) to accept it for a development board'
def accepted = '; accepted because of <allowPublishedKey> (-Dzephyr.allowPublishedKey): never ship what this build makes'
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
assert !runs[0].contains('Wrote ') && !runs[0].contains('Signing with') && !runs[1].contains('Wrote the')
assert !runs[2].contains('Using West') && !new File(basedir, 'calls.log').exists() : 'west must not have run'

// 4: a key of our own, but a published encryption key
def encryption = "the encryption key ${base}/keys/enc-x25519-priv.pub.pem, set by <encryptionKey> " \
        + "(-Dzephyr.encryptionKey), is MCUboot's published enc-x25519-priv development key " \
        + "(enc-x25519-priv.pem): its private key is public in the MCUboot repository, so anyone can decrypt " \
        + "images encrypted for it"
failedGoal(runs[3], 'sign', "${encryption}. ${override}")
assert !runs[3].contains('Signing with')

// 5: allowed: zephyr:pubkey and zephyr:image each warn once, then do their work with the public key
assert runs[4].contains('[INFO] BUILD SUCCESS')
def signerWarning = "[WARNING] the signer's public key is ${rootEd25519}: ${signingRisk}${accepted}".toString()
assert runs[4].count(signerWarning) == 2 : 'zephyr:pubkey and zephyr:image warn, once each'
def exported = new File(basedir, 'target/zephyr/signing-key.pub.pem')
assert exported.text == new File(basedir, 'keys/root-ed25519.pub.pem').text
assert new File(basedir, 'target/zephyr/to-sign.bin').length() == 32 : 'the SHA-256 digest to sign'
assert new File(basedir, 'target/zephyr/to-sign.json').isFile()

// 6: allowed: our own key signs for the published encryption key: one warning, then the image is
// written and verifies
def image = "${base}/target/published-key-guard-1.0-signed.bin"
assert runs[5].contains('[INFO] BUILD SUCCESS')
assert runs[5].count("[WARNING] ${encryption}${accepted}".toString()) == 1 : 'zephyr:sign warns once'
assert !runs[5].contains('[WARNING] the signer') && !runs[5].contains('as its signing key')
assert runs[5].contains("${image}: image was correctly validated")
assert new File(image).isFile()

// 7: an image whose KEYHASH names root-ed25519, whoever the signer is: refused before its signature
// is checked
def named = "${base}/images/names-root-ed25519.bin names ${rootEd25519} as its signing key (KEYHASH TLV): " \
        + signingRisk
failedGoal(runs[6], 'verify', "${named}. ${override}")

// 8: allowed: the image is warned about once (and not again for the signer's same key), then checked:
// its signature is our own key's, not root-ed25519's
assert runs[7].count("[WARNING] ${named}${accepted}".toString()) == 1
assert !runs[7].contains('[WARNING] the signer')
def m = (runs[7] =~ ('(?m)^\\[ERROR\\] Failed to execute goal org\\.zephyrsign:zephyr-maven-plugin:[^:]+:verify '
        + '\\(default-cli\\) on project published-key-guard: ' + Pattern.quote("${base}/images/names-root-ed25519.bin "
        + 'does not verify: signature does not verify against ED25519 public key c1907fa4eac7fae3')
        + ' -> \\[Help 1\\]$'))
assert m.find() : runs[7]

// No stack trace anywhere; "Exception" only in Maven's help link, once per failed build.
assert !log.contains('Exception in thread')
assert !log.contains('Caused by')
assert !(log =~ /(?m)^\s+at \S/).find() : 'a stack-frame line'
def exceptionLines = log.readLines().findAll { it.contains('Exception') }
assert exceptionLines.size() == 6
assert exceptionLines.every { it == '[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException' }
return true
