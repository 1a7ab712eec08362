def base = basedir.canonicalPath
def log = new File(basedir, 'build.log').text
assert log.contains("no Zephyr build to sign: looked for ${base}/target/zephyr/app/west-sign-no-build/zephyr/.config "
        + "(the sysbuild domain named after <applicationDirectory> ${base}, ${base}/target/zephyr/app/domains.yaml not "
        + "being there); run zephyr:build first, set <buildDirectory> or <applicationDomain>, or sign a file with "
        + "<inputFile> (-Dzephyr.inputFile)")
assert !log.contains('<slotSize>')
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/) && !log.contains('Caused by:') && !log.contains('Exception in thread')
return true
