// The application's domain is named after <applicationDirectory>, for west build and zephyr:sign alike.
def base = basedir.canonicalPath
def log = new File(basedir, 'build.log').text
assert log.contains("--sysbuild ${base}/firmware -- ")
// the application is left unsigned by sysbuild itself: SB_CONFIG_BOOT_SIGNATURE_KEY_FILE is empty
assert new File(basedir, 'target/zephyr/app/firmware/zephyr/.config').text.contains('CONFIG_MCUBOOT_SIGNATURE_KEY_FILE=""')
assert log.contains("from CONFIG_ROM_START_OFFSET in ${base}/target/zephyr/app/firmware/zephyr/.config")
assert new File(basedir, 'target/west-sysbuild-application-directory-1.0-signed.bin').isFile()
return true
