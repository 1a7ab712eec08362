// Direct-XIP with revert: --rom-fixed PM_MCUBOOT_PRIMARY_ADDRESS (0xc000) on every image, and
// --confirm on the HEX only (image_signing.cmake's imgtool_directxip_hex_command).
// expected/ holds what imgtool 2.4.0 writes with exactly these arguments (see expected/README).
def log = new File(basedir, 'build.log').text
def ncs = log.readLines().findAll { it.contains('NCS would run') }.collect { it.substring(it.indexOf('imgtool')) }
assert ncs == [
    'imgtool sign --version 1.5.0 --align 4 --slot-size 0x76000 --pad-header --header-size 0x200 --rom-fixed 0xc000 -k KEY zephyr.bin zephyr.signed.bin',
    'imgtool sign --version 1.5.0 --align 4 --slot-size 0x76000 --pad-header --header-size 0x200 --rom-fixed 0xc000 -k KEY --confirm zephyr.hex zephyr.signed.hex',
]
assert log.contains('--rom-fixed 0xc000 from PM_MCUBOOT_PRIMARY_ADDRESS in')
assert new File(basedir, 'target/ncs-direct-xip-1.0-signed.bin').bytes == new File(basedir, 'expected/zephyr.signed.bin').bytes
assert new File(basedir, 'target/ncs-direct-xip-1.0-signed.hex').text == new File(basedir, 'expected/zephyr.signed.hex').text
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
return true
