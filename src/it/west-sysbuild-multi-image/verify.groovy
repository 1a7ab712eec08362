def base = basedir.canonicalPath
// the configuration digest the plugin records in CMakeCache.txt depends on the paths: not compared
def calls = new File(basedir, 'calls.log').readLines().findAll { it.startsWith('west ') }
        .collect { it.replaceAll(/ZEPHYRSIGN_CONFIGURATION:STRING=[0-9a-f]{64}/, 'ZEPHYRSIGN_CONFIGURATION:STRING=SHA256') }
assert calls == [
    'west --version',
    'west topdir', // no <westWorkspace> and no ZEPHYR_BASE: west says where the workspace is
    "west build -b nrf5340dk/nrf5340/cpuapp -d ${base}/target/zephyr/app -p auto --sysbuild ${base} -- -DSB_CONFIG_BOOTLOADER_MCUBOOT=y -DSB_CONFIG_BOOT_SIGNATURE_TYPE_ECDSA_P256=y -DSB_CONFIG_BOOT_SIGNATURE_KEY_FILE=\\\"\\\" -DEXTRA_ZEPHYR_MODULES=${base}/target/zephyr/sysbuild-module -DZEPHYRSIGN_MCUBOOT_KEY_FILE:STRING=${base}/target/zephyr/mcuboot-signing-key.pub.pem -DZEPHYRSIGN_CONFIGURATION:STRING=SHA256".toString(),
]
def log = new File(basedir, 'build.log').text
assert log.contains('Skipping the separate bootloader build: sysbuild builds MCUboot')
assert log.count('Signing with PKCS#11 key') == 1 : 'one signer session for every image'
assert log.contains('Sysbuild domain ipc_radio:')
assert log.contains('--slot-size 0x17000 from the size of slot1_partition')
def repo = new File(localRepositoryPath, 'org/zephyrsign/it/west-sysbuild/1.0')
['west-sysbuild-1.0.bin', 'west-sysbuild-1.0-ipc_radio.bin', 'west-sysbuild-1.0-mcuboot.hex',
 'west-sysbuild-1.0-signing-key.pem'].each { assert new File(repo, it).isFile() : "missing ${it}" }
return true
