def base = basedir.canonicalPath
def log = new File(basedir, 'build.log').text
assert log.contains("Zephyr version: 3.4.0 (${base}/zephyr/VERSION)")
// Known before west runs: on a real 3.4 tree west's "No board named" comes some 570 lines before its
// last ones (the list of every board follows it), so the goal does not wait for west to fail.
assert log.contains("west build not run: the board name nrf52840dk/nrf52840 has the board/soc form "
        + "of Zephyr 3.7 and later, but this tree is Zephyr 3.4.0 (${base}/zephyr/VERSION): use the old name (e.g. "
        + "nrf52840dk_nrf52840).")
def calls = new File(basedir, 'calls.log')
assert !calls.exists() || !calls.readLines().any { it.startsWith('west build') } : 'west build must not have run'
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/) && !log.contains('Caused by:') && !log.contains('Exception in thread')
return true
