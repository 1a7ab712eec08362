// nRF5340: the application as image_signing.cmake signs it (pm.config: PM_MCUBOOT_PRIMARY_SIZE
// 0x70000, PM_MCUBOOT_PAD_SIZE 0x200), and the network core as b0_mcuboot_signing.cmake wraps
// NSIB's signed_by_b0_ipc_radio.bin: --version SB_CONFIG_SECURE_BOOT_MCUBOOT_VERSION --align 4
// --slot-size CPUNET PM_IPC_RADIO_SIZE --pad-header --header-size SB_CONFIG_PM_MCUBOOT_PAD, with no
// key (NCS computes -k but does not pass it; ours carries the MCUboot signature). One signer session.
def log = new File(basedir, 'build.log').text
def ncs = log.readLines().findAll { it.contains('NCS would run') }.collect { it.substring(it.indexOf('NCS would run')) }
assert ncs == [
    'NCS would run (ncs-nrf5340-netcore): imgtool sign --version 3.1.0+2 --align 4 --slot-size 0x70000 --pad-header --header-size 0x200 -k KEY zephyr.bin zephyr.signed.bin',
    'NCS would run (ncs-nrf5340-netcore): imgtool sign --version 3.1.0+2 --align 4 --slot-size 0x70000 --pad-header --header-size 0x200 -k KEY zephyr.hex zephyr.signed.hex',
    'NCS would run (ipc_radio): imgtool sign --version 0.0.0+0 --align 4 --slot-size 0x37800 --pad-header --header-size 0x200 signed_by_b0_ipc_radio.bin signed_by_mcuboot_and_b0_ipc_radio.bin',
    'NCS would run (ipc_radio): imgtool sign --version 0.0.0+0 --align 4 --slot-size 0x37800 --pad-header --header-size 0x200 signed_by_b0_ipc_radio.hex signed_by_mcuboot_and_b0_ipc_radio.hex',
]
assert log.count('Signing with PEM key file') == 1 : 'one signer session for every image'
def app = new File(basedir, 'target/ncs-nrf5340-1.0-signed.bin').bytes
def net = new File(basedir, 'target/ncs-nrf5340-1.0-signed-ipc_radio.bin').bytes
def b0 = new File(basedir, 'target/zephyr/app/signed_by_b0_ipc_radio.bin').bytes
assert Arrays.copyOfRange(net, 0x200, 0x200 + b0.length) == b0 : "NSIB's image, untouched, after the MCUboot header"
def zip = new java.util.zip.ZipFile(new File(basedir, 'target/ncs-nrf5340-1.0-signed-dfu_application.zip'))
assert zip.entries().collect { it.name } == ['ncs-nrf5340-netcore.signed.bin', 'ipc_radio.bin', 'manifest.json']
assert zip.getInputStream(zip.getEntry('ipc_radio.bin')).bytes == net
// generate_zip.py: a file's own entries update the shared ones in place (board, soc), then follow.
assert zip.getInputStream(zip.getEntry('manifest.json')).getText('UTF-8') == """{
    "format-version": 1,
    "time": 315532800,
    "files": [
        {
            "type": "application",
            "board": "nrf5340dk",
            "soc": "nrf5340_cpuapp",
            "load_address": 66048,
            "image_index": "0",
            "slot_index_primary": "1",
            "slot_index_secondary": "2",
            "version_MCUBOOT": "3.1.0+2",
            "size": ${app.length},
            "file": "ncs-nrf5340-netcore.signed.bin",
            "modtime": 315532800
        },
        {
            "type": "application",
            "board": "nrf5340dk/nrf5340/cpunet",
            "soc": "nrf5340_cpuapp",
            "image_index": "1",
            "slot_index_primary": "3",
            "slot_index_secondary": "4",
            "load_address": 16812032,
            "version": "7",
            "size": ${net.length},
            "file": "ipc_radio.bin",
            "modtime": 315532800
        }
    ],
    "name": "ncs-nrf5340-netcore"
}"""
zip.close()
assert log.contains('ipc_radio.bin (version 0.0.0+0')
def repo = new File(localRepositoryPath, 'org/zephyrsign/it/ncs-nrf5340/1.0')
['ncs-nrf5340-1.0.bin', 'ncs-nrf5340-1.0-ipc_radio.bin', 'ncs-nrf5340-1.0-ipc_radio.hex', 'ncs-nrf5340-1.0-dfu.zip']
        .each { assert new File(repo, it).isFile() : "missing ${it}" }
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
return true
