// The nRF Connect SDK rules: sdk-nrf cmake/sysbuild/image_signing.cmake (partition-manager branch)
// runs, for this build's .config (CONFIG_MCUBOOT_IMGTOOL_SIGN_VERSION="1.4.0+7") and pm.config
// (PM_MCUBOOT_PRIMARY_SIZE=0x76000, PM_MCUBOOT_PAD_SIZE=0x200) and zephyr.dts (write-block-size 4):
//   imgtool sign --version 1.4.0+7 --align 4 --slot-size 0x76000 --pad-header --header-size 0x200 -k KEY zephyr.bin zephyr.signed.bin
//   imgtool sign --version 1.4.0+7 --align 4 --slot-size 0x76000 --pad-header --header-size 0x200 -k KEY zephyr.hex zephyr.signed.hex
// and zip.cmake + generate_zip.py write dfu_application.zip (manifest format-version 1).
def base = basedir.canonicalPath
def app = 'ncs-nrf52840-single-image'
// (the configuration digest the plugin records in CMakeCache.txt depends on the paths: not compared)
def calls = new File(basedir, 'workspace/calls.log').readLines().findAll { it.startsWith('west build') }
        .collect { it.replaceAll(/ -DZEPHYRSIGN_CONFIGURATION:STRING=[0-9a-f]{64}$/, '') }
assert calls == ["west build -b nrf52840dk/nrf52840 -d ${base}/target/zephyr/app -p auto --sysbuild ${base} -- " +
        "-DSB_CONFIG_BOOTLOADER_MCUBOOT=y -DSB_CONFIG_BOOT_SIGNATURE_TYPE_ECDSA_P256=y " +
        "-DSB_CONFIG_BOOT_SIGNATURE_KEY_FILE=\\\"\\\" " +
        "-DEXTRA_ZEPHYR_MODULES=${base}/target/zephyr/sysbuild-module " +
        "-DZEPHYRSIGN_MCUBOOT_KEY_FILE:STRING=${base}/target/zephyr/mcuboot-signing-key.pub.pem"
        .toString()]

// What sysbuild's forced .config.sysbuild and the plugin's module hook left in the images (the west
// double models the order): MCUboot has the public key, the application no key, and no NCS step signed.
def cfg = { String image, String sym -> new File(basedir, "target/zephyr/app/${image}/zephyr/.config").readLines()
        .findAll { it.startsWith(sym + '=') }.last() }
assert cfg('mcuboot', 'CONFIG_BOOT_SIGNATURE_KEY_FILE') ==
        "CONFIG_BOOT_SIGNATURE_KEY_FILE=\"${base}/target/zephyr/mcuboot-signing-key.pub.pem\"".toString()
assert cfg(app, 'CONFIG_MCUBOOT_SIGNATURE_KEY_FILE') == 'CONFIG_MCUBOOT_SIGNATURE_KEY_FILE=""'
assert !new File(basedir, "target/zephyr/app/${app}/zephyr/zephyr.signed.bin").exists()

def log = new File(basedir, 'build.log').text
assert log.contains("nRF Connect SDK 3.0.2 (${base}/workspace/nrf/VERSION)")
assert log.contains('; signing as sdk-nrf cmake/sysbuild/image_signing.cmake')
def ncs = log.readLines().findAll { it.contains('NCS would run') }.collect { it.substring(it.indexOf('imgtool')) }
assert ncs == [
    'imgtool sign --version 1.4.0+7 --align 4 --slot-size 0x76000 --pad-header --header-size 0x200 -k KEY zephyr.bin zephyr.signed.bin',
    'imgtool sign --version 1.4.0+7 --align 4 --slot-size 0x76000 --pad-header --header-size 0x200 -k KEY zephyr.hex zephyr.signed.hex',
]
assert log.contains("--slot-size 0x76000 from PM_MCUBOOT_PRIMARY_SIZE in ${base}/target/zephyr/app/pm.config")
assert log.contains("--header-size 0x200 from PM_MCUBOOT_PAD_SIZE in ${base}/target/zephyr/app/pm.config")

// The signed image: a 0x200 header put in front (--pad-header), then zephyr.bin as built.
def signed = new File(basedir, 'target/ncs-nrf52840-1.0-signed.bin').bytes
def unsigned = new File(basedir, "target/zephyr/app/${app}/zephyr/zephyr.bin").bytes
def u16 = { byte[] b, int o -> (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 }
assert u16(signed, 8) == 0x200 : 'header size'
assert Arrays.copyOfRange(signed, 0x200, 0x200 + unsigned.length) == unsigned

// dfu_application.zip: the signed image under NCS's name, then manifest.json, as generate_zip.py
// writes them (json.dumps(indent=4)); times fixed without project.build.outputTimestamp.
def zip = new java.util.zip.ZipFile(new File(basedir, 'target/ncs-nrf52840-1.0-signed-dfu_application.zip'))
assert zip.entries().collect { it.name } == ["${app}.signed.bin", 'manifest.json']
assert zip.getInputStream(zip.getEntry("${app}.signed.bin")).bytes == signed
def manifest = zip.getInputStream(zip.getEntry('manifest.json')).getText('UTF-8')
assert manifest == """{
    "format-version": 1,
    "time": 315532800,
    "files": [
        {
            "type": "application",
            "board": "nrf52840dk",
            "soc": "nrf52840",
            "load_address": 49664,
            "image_index": "0",
            "slot_index_primary": "1",
            "slot_index_secondary": "2",
            "version_MCUBOOT": "1.4.0+7",
            "size": ${signed.length},
            "file": "${app}.signed.bin",
            "modtime": 315532800
        }
    ],
    "name": "${app}"
}"""
zip.close()
assert log.contains("ncs-nrf52840-1.0-signed-dfu_application.zip: ${app}.signed.bin (version 1.4.0+7")
assert log.contains('was correctly validated')
def repo = new File(localRepositoryPath, 'org/zephyrsign/it/ncs-nrf52840/1.0')
['ncs-nrf52840-1.0.bin', 'ncs-nrf52840-1.0-signed.hex', 'ncs-nrf52840-1.0-dfu.zip', 'ncs-nrf52840-1.0-mcuboot.hex']
        .each { assert new File(repo, it).isFile() : "missing ${it}" }
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
return true
