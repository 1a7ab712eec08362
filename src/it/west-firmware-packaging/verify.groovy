// The exact west command lines and environment the build ran.
def base = basedir.canonicalPath
// west runs in the workspace, where the double records its calls
def calls = new File(basedir, 'workspace/calls.log').readLines()
def expected = [
    'west --version',
    'env ZEPHYR_TOOLCHAIN_VARIANT=zephyr',
    "west build -b nrf52840dk/nrf52840 -d ${base}/target/zephyr/mcuboot -p auto ${base}/workspace/bootloader/mcuboot/boot/zephyr -- -DCONFIG_BOOT_SIGNATURE_TYPE_ED25519=y -DCONFIG_BOOT_SIGNATURE_KEY_FILE=\\\"${base}/target/zephyr/mcuboot-signing-key.pub.pem\\\"",
    'env ZEPHYR_TOOLCHAIN_VARIANT=zephyr',
    "west build -b nrf52840dk/nrf52840 -d ${base}/target/zephyr/app -p auto ${base} -- -DCONFIG_BOOTLOADER_MCUBOOT=y -DCONFIG_MCUBOOT_SIGNATURE_KEY_FILE=\\\"\\\"",
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

def log = new File(basedir, 'build.log').text
assert log.contains('--slot-size 0x60000 from the size of slot1_partition in')
assert log.contains('--align 4 from the write-block-size of /soc/flash-controller@4001e000/flash@0 in')
assert log.contains('--version 0.9.1 from CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION in')
assert log.contains('[100%] Built target zephyr')
return true
