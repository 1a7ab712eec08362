def base = basedir.canonicalPath
def keys = "${base}/target/zephyr/mcuboot-signing-key.pub.pem,${base}/keys/old.pub.pem"
def build = new File(basedir, 'calls.log').readLines().find { it.startsWith('west build ') }
// (the double logs its arguments shell-quoted: a comma as \,)
assert build.contains("-DCONFIG_BOOT_SIGNATURE_KEY_FILE=\\\"${keys.replace(',', '\\,')}\\\"")
assert new File(basedir, 'steps.log').text.contains("mcuboot ${base}/target/zephyr/mcuboot built with 2 key(s): ${keys}")
assert new File(basedir, 'build.log').text.contains("MCUboot accepts 2 keys: [${base}/target/zephyr/mcuboot-signing-key.pub.pem, ${base}/keys/old.pub.pem]")
return true
