import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def base = basedir.canonicalPath
def log = new File(basedir, 'build.log').text
def pub = "${base}/target/zephyr/mcuboot-signing-key.pub.pem"

// 1. Sysbuild gets an empty key file for the applications, MCUboot its key through the module's hook.
def build = new File(basedir, 'calls.log').readLines().find { it.startsWith('west build ') }
assert build.contains('-DSB_CONFIG_BOOT_SIGNATURE_TYPE_ED25519=y')
assert build.contains('-DSB_CONFIG_BOOT_SIGNATURE_KEY_FILE=\\"\\"')
assert build.contains("-DEXTRA_ZEPHYR_MODULES=${base}/target/zephyr/sysbuild-module")
assert build.contains("-DZEPHYRSIGN_MCUBOOT_KEY_FILE:STRING=${pub}")
def app = new File(basedir, 'target/zephyr/app/west-sysbuild-unsigned-app/zephyr/.config').text
assert app.contains('CONFIG_MCUBOOT_SIGNATURE_KEY_FILE=""') : 'the application is left unsigned'
def mcuboot = new File(basedir, 'target/zephyr/app/mcuboot/zephyr/.config').text
assert mcuboot.contains("CONFIG_BOOT_SIGNATURE_KEY_FILE=\"${pub}\"") : 'MCUboot is built from the public key'
assert log.contains('Neither CONFIG_MCUBOOT_GENERATE_UNSIGNED_IMAGE or CONFIG_MCUBOOT_SIGNATURE_KEY_FILE are set')
assert !log.contains('sign_digest')
def steps = new File(basedir, 'steps.log').text
assert steps.contains("mcuboot ${base}/target/zephyr/app/mcuboot built with 1 key(s): ${pub}")

// 2. The bootloader's fragment and overlay reach the mcuboot domain, and only it.
assert build.contains("-Dmcuboot_EXTRA_CONF_FILE=${base}/mcuboot-small.conf")
assert build.contains("-Dmcuboot_EXTRA_DTC_OVERLAY_FILE=${base}/boot.overlay")
assert mcuboot.contains('CONFIG_MAIN_STACK_SIZE=4096') && !app.contains('CONFIG_MAIN_STACK_SIZE=4096')
assert steps.contains("devicetree ${base}/target/zephyr/app/mcuboot: overlay ${base}/boot.overlay")

// 4 and 8. The tree's version is read and logged; on 3.4 Zephyr's own signing is west sign.
assert log.contains("Zephyr version: 3.4.0 (${base}/zephyr/VERSION)")
assert log.contains("Image parameters from the Zephyr build (as west sign would pass them, which Zephyr 3.4.0's cmake/mcuboot.cmake runs):")

// 5. The confirmed HEX, as Zephyr's zephyr.signed.confirmed.hex: the confirmed image at the HEX's address.
def repo = new File(localRepositoryPath, 'org/zephyrsign/it/west-sysbuild-unsigned-app/1.0')
['signed.bin', 'signed.hex', 'confirmed.bin', 'confirmed.hex', 'mcuboot.hex'].each {
    assert new File(repo, "west-sysbuild-unsigned-app-1.0-${it}").isFile() : "missing attachment ${it}"
}
// imgtool's HEX (and so Zephyr's) leaves the erased padding out: compare byte by byte where it has data
def hexRecords = { File f ->
    def bytes = [:]; long upper = 0
    f.eachLine { line ->
        def b = line.substring(1).decodeHex()
        int type = b[3] & 0xff
        if (type == 4) upper = ((b[4] & 0xff) << 24 | (b[5] & 0xff) << 16)
        if (type == 0) {
            long at = upper + ((b[1] & 0xff) << 8 | (b[2] & 0xff))
            for (int i = 0; i < (b[0] & 0xff); i++) bytes[at + i] = b[4 + i]
        }
    }
    bytes
}
def confirmedHex = hexRecords(new File(basedir, 'target/west-sysbuild-unsigned-app-1.0-signed.confirmed.hex'))
def confirmedBin = new File(basedir, 'target/west-sysbuild-unsigned-app-1.0-signed.confirmed.bin').bytes
long start = confirmedHex.keySet().min()
boolean same = confirmedHex.every { at, b -> confirmedBin[(int) (at - start)] == b }
boolean reachesTrailer = confirmedHex.keySet().max() == start + confirmedBin.length - 1
assert same && reachesTrailer : 'the confirmed HEX holds the confirmed image, trailer included'
assert log.contains("Wrote ${base}/target/west-sysbuild-unsigned-app-1.0-signed.confirmed.hex (ED25519")

// 6. Every output is written as Zephyr writes its zephyr.signed.* (0644 under the usual umask 022).
new File(basedir, 'target').listFiles().findAll { it.name.startsWith('west-sysbuild-unsigned-app-1.0-signed') }.each {
    assert PosixFilePermissions.toString(Files.getPosixFilePermissions(it.toPath())) == 'rw-r--r--' : "${it.name} mode"
}
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/) && !log.contains('Caused by:')
return true
