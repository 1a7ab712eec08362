def base = basedir.canonicalPath
def log = new File(basedir, 'build.log').text
assert new File(basedir, 'target/zephyr/app/domains.yaml').text.startsWith('default: firmware')
assert log.contains("from CONFIG_ROM_START_OFFSET in ${base}/target/zephyr/app/firmware/zephyr/.config")
assert new File(basedir, 'target/west-sign-finds-sysbuild-domain-1.0-signed.bin').isFile()
assert !log.contains('<slotSize>')
return true
