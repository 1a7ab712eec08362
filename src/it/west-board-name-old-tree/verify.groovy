def base = basedir.canonicalPath
def log = new File(basedir, 'build.log').text
assert log.contains("Zephyr version: 3.4.0 (${base}/zephyr/VERSION)")
assert log.contains("west build failed with exit code 1: the board name nrf52840dk/nrf52840 has the board/soc form "
        + "of Zephyr 3.7 and later, but this tree is Zephyr 3.4.0 (${base}/zephyr/VERSION): use the old name (e.g. "
        + "nrf52840dk_nrf52840). West's last lines:")
assert log.contains("No board named 'nrf52840dk/nrf52840' found.")
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/) && !log.contains('Caused by:') && !log.contains('Exception in thread')
return true
