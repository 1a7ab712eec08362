def log = new File(basedir, 'build.log').text
assert log.contains("refusing to run the bootloader build: Kconfig fragment ${basedir.canonicalPath}/mcuboot.conf sets CONFIG_BOOT_SIGNATURE_KEY_FILE=\"keys/ed25519.pem\", a file that holds a private key")
assert !new File(basedir, 'calls.log').exists() : 'west must not have run'
return true
