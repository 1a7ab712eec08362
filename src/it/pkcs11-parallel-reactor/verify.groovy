def log = new File(basedir, 'build.log').text
assert log.contains('Using the MultiThreadedBuilder') || log.contains('MultiThreaded')
['app', 'netcore', 'bootloader-update', 'sensor'].each { m ->
    assert new File(basedir, "${m}/target/${m}-1.0-signed.bin").isFile()
}
assert log.count('), verified') == 4
assert !log.contains('CKR_')
return true
