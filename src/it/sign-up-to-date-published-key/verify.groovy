// Three builds share build.log (invoker.properties): the up-to-date check never lets a published
// key through without allowPublishedKey, nor without its warning.
def log = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[0-9;]*m/, '')
def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.$)/).findAll { it.contains('Scanning for projects') }
assert runs.size() == 3 : "expected 3 builds in build.log, found ${runs.size()}"

def finding = "the encryption key ${basedir.canonicalPath}/keys/enc-x25519-priv.pub.pem, set by <encryptionKey> " \
        + "(-Dzephyr.encryptionKey), is MCUboot's published enc-x25519-priv development key (enc-x25519-priv.pem)"
def warning = "[WARNING] ${finding}: "

assert runs[0].contains('[INFO] BUILD SUCCESS') && runs[0].contains('Signing with PEM key file')
assert runs[0].count(warning) == 1

assert runs[1].contains('[INFO] BUILD SUCCESS') && !runs[1].contains('Signing with')
assert runs[1].contains('[INFO] Not signing again: ')
assert runs[1].count(warning) == 1

assert runs[2].contains('[INFO] BUILD FAILURE') && !runs[2].contains('Not signing again')
assert runs[2].contains("on project up-to-date-published-key: ${finding}: ")
assert !log.contains('Caused by') && !(log =~ /(?m)^\s+at \S/).find()
return true
