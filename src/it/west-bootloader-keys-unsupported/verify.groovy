def base = basedir.canonicalPath
def log = new File(basedir, 'build.log').text
assert log.contains("<bootloaderKeys>: the MCUboot tree ${base}/bootloader/mcuboot/boot/zephyr takes one key in "
        + "CONFIG_BOOT_SIGNATURE_KEY_FILE (its CMakeLists.txt knows no MCUBOOT_SIGN_KEY_COUNT); several comma-separated "
        + "keys need MCUboot from commit 5497c95f (June 2026) on: update MCUboot or leave <bootloaderKeys> out")
assert !new File(basedir, 'calls.log').readLines().any { it.startsWith('west build ') } : 'refused before west builds'
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/) && !log.contains('Caused by:') && !log.contains('Exception in thread')
return true
