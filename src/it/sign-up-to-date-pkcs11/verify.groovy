// Five builds share build.log (invoker.properties). The second and the fifth changed nothing since
// the one before: one line each per execution saying why nothing is signed, and no login at all.
def log = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[0-9;]*m/, '')
def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.$)/).findAll { it.contains('Scanning for projects') }
assert runs.size() == 5 : "expected 5 builds in build.log, found ${runs.size()}"

def bin = new File(basedir, 'target/sign-up-to-date-1.0-signed.bin')
def hex = new File(basedir, 'target/app-signed.hex')
def login = "Logged in to PKCS#11 token 'firmware'"
def signing = 'Signing with PKCS#11 key'

def signed = { String run ->
    assert run.contains('[INFO] BUILD SUCCESS')
    assert run.count(login) == 1 : run
    assert run.count(signing) == 2
    assert run.contains("Wrote ${bin.canonicalPath}") && run.contains("Wrote ${hex.canonicalPath}")
    assert !run.contains('Not signing again')
    true
}
def upToDate = { String run ->
    assert run.contains('[INFO] BUILD SUCCESS')
    assert !run.contains(login) && !run.contains(signing) && !run.contains('Wrote ')
    assert !run.contains('PKCS#11 session')
    [bin, hex].each { f ->
        def line = "[INFO] Not signing again: the input, the image settings and the signer configuration are " \
                + "unchanged, and ${f.name} verifies against ED25519 public key "
        assert run.readLines().count { it.startsWith(line) && it.endsWith(' (-Dzephyr.force=true signs anyway)') } == 1 : run
    }
    true
}

signed(runs[0])
upToDate(runs[1])
signed(runs[2])
signed(runs[3])
assert runs[3].contains("[INFO] Signing again: the image settings of ${bin.name} changed")
assert runs[3].contains("[INFO] Signing again: the image settings of ${hex.name} changed")
upToDate(runs[4])

assert bin.isFile() && hex.isFile()
assert !log.contains('Exception')
assert !(log =~ /(?m)^\s+at \S/).find()
assert softhsmPin.length() > 10 && !log.contains(softhsmPin)
return true
