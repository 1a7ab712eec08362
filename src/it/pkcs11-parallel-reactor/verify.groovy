def log = new File(basedir, 'build.log').text
assert log.contains('Using the MultiThreadedBuilder') || log.contains('MultiThreaded')
['app', 'netcore', 'bootloader-update', 'sensor'].each { m ->
    assert new File(basedir, "${m}/target/${m}-1.0-signed.bin").isFile()
}
assert log.count('), verified') == 4
assert !log.contains('CKR_')
// four modules on two threads, one login
assert log.count("Logged in to PKCS#11 token 'firmware'") == 1
return true
