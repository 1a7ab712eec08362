// Four builds share this build.log (invoker.properties).
import java.util.regex.Pattern

def log = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[0-9;]*m/, '')
def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.$)/).findAll { it.contains('Scanning for projects') }
assert runs.size() == 4 : "expected 4 builds in build.log, found ${runs.size()}"

def base = basedir.canonicalPath
def rootP256 = "MCUboot's published root-ec-p256 development key (root-ec-p256.pem)"
def signingRisk = 'its private key is public in the MCUboot repository, so anyone can sign images that a ' \
        + 'bootloader with this key accepts'
def override = 'Use a key of your own, or set <allowPublishedKey>true</allowPublishedKey> ' \
        + '(-Dzephyr.allowPublishedKey) to accept it for a development board'
def accepted = '; accepted because of <allowPublishedKey> (-Dzephyr.allowPublishedKey): never ship what this build makes'
def encryption = "the encryption key ${base}/workspace/keys/enc-ec256-priv.pub.pem, set by <encryptionKey> " \
        + "(-Dzephyr.encryptionKey) (taken from CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE in " \
        + "${base}/target/zephyr/app/zephyr/.config), is MCUboot's published enc-ec256-priv development key " \
        + '(enc-ec256-priv.pem): its private key is public in the MCUboot repository, so anyone can decrypt ' \
        + 'images encrypted for it'

def failedGoal = { String run, String goal, String message ->
    def m = (run =~ ("(?m)^\\[ERROR\\] Failed to execute goal org\\.zephyrsign:zephyr-maven-plugin:[^:]+:" + goal
            + " \\(default-" + goal + "\\) on project published-key-firmware: " + Pattern.quote(message)
            + " -> \\[Help 1\\]\$"))
    assert run.contains('[INFO] BUILD FAILURE')
    assert m.find() : "no failure of ${goal} with\n${message}\nin:\n${run}"
    true
}

// 1: the first goal of the lifecycle refuses the signer's key; west never runs
failedGoal(runs[0], 'pubkey', "the signer's public key is ${rootP256}: ${signingRisk}. ${override}".toString())
assert !runs[0].contains('Using West') && !runs[0].contains('west build')

// 2: our own key passes pubkey, bootloader and build; zephyr:sign refuses the build's encryption key
assert runs[1].contains('[100%] Built target zephyr')
failedGoal(runs[1], 'sign', "${encryption}. ${override}".toString())
assert !runs[1].contains('-signed.bin (') : 'no image written'

// 3: allowed, root-ec-p256: each goal that uses the signer's key warns once, the encryption key once;
// then the placeholder signature does not verify against root-ec-p256 and nothing is written
def signerWarning = "[WARNING] the signer's public key is ${rootP256}: ${signingRisk}${accepted}".toString()
assert runs[2].count(signerWarning) == 3 : 'pubkey, bootloader and sign warn'
assert runs[2].count("[WARNING] ${encryption}${accepted}".toString()) == 1
assert runs[2].contains('[100%] Built target zephyr')
def m = (runs[2] =~ ('(?m)^\\[ERROR\\] Failed to execute goal org\\.zephyrsign:zephyr-maven-plugin:[^:]+:sign '
        + '\\(default-sign\\) on project published-key-firmware: '
        + Pattern.quote("the signature from signature file ${base}/keys/placeholder.sig: ") + '[^\\n]*'
        + Pattern.quote('; nothing was written') + ' -> \\[Help 1\\]$'))
assert m.find() : runs[2]
assert !runs[2].contains('-signed.bin (') : 'no image written'

// 4: allowed, our own key: the encryption key warns once, nothing else; the images are installed
assert runs[3].contains('[INFO] BUILD SUCCESS')
assert runs[3].count("[WARNING] ${encryption}${accepted}".toString()) == 1
assert !runs[3].contains("[WARNING] the signer's public key") && !runs[3].contains('as its signing key')
assert runs[3].contains('image was correctly validated')
def repo = new File(localRepositoryPath, 'org/zephyrsign/it/published-key-firmware/1.0')
assert new File(repo, 'published-key-firmware-1.0.bin').isFile()
assert new File(repo, 'published-key-firmware-1.0-encrypted.bin').isFile()

assert !log.contains('Exception in thread')
assert !log.contains('Caused by')
assert !(log =~ /(?m)^\s+at \S/).find() : 'a stack-frame line'
def exceptionLines = log.readLines().findAll { it.contains('Exception') }
assert exceptionLines.size() == 3
assert exceptionLines.every { it == '[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException' }
return true
