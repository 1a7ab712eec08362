def base = basedir.canonicalPath
def builds = new File(basedir, 'calls.log').readLines().findAll { it.startsWith('west build ') }
assert builds.size() == 4
assert builds[0].contains("${base}/target/zephyr/mcuboot -p auto") && builds[0].contains(' -- ')
assert builds[1].contains("${base}/target/zephyr/app -p auto") && builds[1].contains(' -- ')
// the second run: the same west build, without CMake arguments
assert builds[2] == builds[0].substring(0, builds[0].indexOf(' -- '))
assert builds[3] == builds[1].substring(0, builds[1].indexOf(' -- '))
def steps = new File(basedir, 'steps.log').readLines()
assert steps.findAll { it.startsWith('cmake ') } == ["cmake ${base}/target/zephyr/mcuboot", "cmake ${base}/target/zephyr/app"]*.toString()
assert steps.findAll { it.startsWith('link ') }.size() == 2 : 'nothing relinked by the second run'
assert steps.findAll { it.startsWith('ninja ') } == ["ninja ${base}/target/zephyr/mcuboot: up-to-date check",
        "ninja ${base}/target/zephyr/app: up-to-date check"]*.toString()
def log = new File(basedir, 'build.log').text
assert log.contains("The build directory ${base}/target/zephyr/app is configured as asked (its CMakeCache.txt records the same arguments): west build runs without CMake arguments")
assert log.contains("public key only, in ${base}/target/zephyr/mcuboot-signing-key.pub.pem (unchanged)")
return true
