def base = basedir.canonicalPath
def log = new File(basedir, 'build.log').text
assert log.contains("CONFIG_PARTITION_MANAGER_ENABLED=y in ${base}/target/zephyr/app/ncs-missing-pm-config/zephyr/.config " +
        "but the partition manager's pm.config is in neither ${base}/target/zephyr/app (sysbuild) nor " +
        "${base}/target/zephyr/app/ncs-missing-pm-config: is the nRF Connect SDK build complete?")
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
assert !log.contains('Caused by:') && !log.contains('Exception in thread')
return true
