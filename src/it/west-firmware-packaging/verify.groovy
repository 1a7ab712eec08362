// The exact west command lines and environment the build ran.
def base = basedir.canonicalPath
// west runs in the workspace, where the double records its calls
// the configuration digest the plugin records in CMakeCache.txt depends on the paths: not compared
def calls = new File(basedir, 'workspace/calls.log').readLines()
        .collect { it.replaceAll(/ZEPHYRSIGN_CONFIGURATION:STRING=[0-9a-f]{64}/, 'ZEPHYRSIGN_CONFIGURATION:STRING=SHA256') }
def expected = [
    'west --version',
    'env ZEPHYR_TOOLCHAIN_VARIANT=zephyr',
    "west build -b nrf52840dk/nrf52840 -d ${base}/target/zephyr/mcuboot -p auto ${base}/workspace/bootloader/mcuboot/boot/zephyr -- -DCONFIG_BOOT_SIGNATURE_TYPE_ED25519=y -DCONFIG_BOOT_SIGNATURE_KEY_FILE=\\\"${base}/target/zephyr/mcuboot-signing-key.pub.pem\\\" -DZEPHYRSIGN_CONFIGURATION:STRING=SHA256",
    'env ZEPHYR_TOOLCHAIN_VARIANT=zephyr',
    "west build -b nrf52840dk/nrf52840 -d ${base}/target/zephyr/app -p auto ${base} -- -DCONFIG_BOOTLOADER_MCUBOOT=y -DCONFIG_MCUBOOT_SIGNATURE_KEY_FILE=\\\"\\\" -DZEPHYRSIGN_CONFIGURATION:STRING=SHA256",
    'env ZEPHYR_TOOLCHAIN_VARIANT=zephyr',
]
assert calls == expected.collect { it.toString() }

// MCUboot got the public key only.
def key = new File(basedir, 'target/zephyr/mcuboot-signing-key.pub.pem').text
assert key.startsWith('-----BEGIN PUBLIC KEY-----') && !key.contains('PRIVATE')

// The signed image is the main artifact, byte-identical to Zephyr's own signing with the key file.
def repo = new File(localRepositoryPath, 'org/zephyrsign/it/west-firmware/1.0')
def main = new File(repo, 'west-firmware-1.0.bin')
assert main.bytes == new File(basedir, 'expected-zephyr-signed.bin').bytes
['confirmed.bin', 'unsigned.bin', 'mcuboot.hex', 'signing-key.pem', 'signed.hex'].each {
    assert new File(repo, "west-firmware-1.0-${it}").isFile() : "missing attachment ${it}"
}

// A signing record per image, attached and installed beside it, valid against the plugin's schema
// (SigningRecordSchema: the test class path), naming the bootloader this build made and its board.
def records = ['signing-record': main, 'signed-hex-signing-record': new File(repo, 'west-firmware-1.0-signed.hex'),
               'confirmed-signing-record': new File(repo, 'west-firmware-1.0-confirmed.bin')]
records.each { classifier, image ->
    def file = new File(repo, "west-firmware-1.0-${classifier}.json")
    assert file.isFile() : "missing signing record ${classifier}"
    assert org.zephyrsign.imageset.SigningRecordSchema.problems(file.toPath()) == []
    def record = new groovy.json.JsonSlurper().parse(file)
    assert record.image.sha256 == java.security.MessageDigest.getInstance('SHA-256').digest(image.bytes).encodeHex().toString()
    assert record.image.version == '0.9.1+0'
    assert record.signer.type == 'pem' && record.signer.keyReference == 'file:ed25519.pem'
    assert record.signer.nonExtractable == false
    assert record.signature.algorithm == 'ED25519'
    assert record.bootloader.artifact == 'org.zephyrsign.it:west-firmware:1.0:mcuboot:hex'
    assert record.bootloader.publicKeyHash == record.signature.keyHash
    assert record.build.board == 'nrf52840dk'
    assert record.tool.name == 'zephyr-maven-plugin'
}
assert new groovy.json.JsonSlurper().parse(new File(repo, 'west-firmware-1.0-signing-record.json')).image.classifier == null

def log = new File(basedir, 'build.log').text
assert log.contains('--slot-size 0x60000 from the size of slot1_partition in')
assert log.contains('--align 4 from the write-block-size of /soc/flash-controller@4001e000/flash@0 in')
assert log.contains('--version 0.9.1 from CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION in')
assert log.contains('[100%] Built target zephyr')
return true
