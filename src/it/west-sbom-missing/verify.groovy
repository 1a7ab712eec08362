def log = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[0-9;]*m/, '')
def dir = new File(basedir, 'target/zephyr/app/spdx').canonicalPath
def line = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
assert line != null : log
assert line.contains("west spdx did not write Zephyr's SPDX documents to ${dir}: app.spdx is missing, zephyr.spdx is missing, build.spdx is missing (west spdx --init must run before west build") : line
assert !log.contains('Exception in thread') && !log.contains('Caused by:')
assert !(log =~ /(?m)^\s+at \S/).find()
assert !new File(localRepositoryPath, 'org/zephyrsign/it/west-sbom-missing').exists() : 'nothing installed'
return true
