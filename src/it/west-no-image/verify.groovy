def log = new File(basedir, 'build.log').text
assert log.contains("produced neither zephyr/zephyr.bin nor zephyr/zephyr.hex; enable CONFIG_BUILD_OUTPUT_BIN")
assert !new File(basedir, 'target/west-no-image-1.0-signed.bin').exists()
return true
