// Three builds share build.log. The second changed nothing: no goal logged in to the token, none signed.
def log = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[0-9;]*m/, '')
def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.$)/).findAll { it.contains('Scanning for projects') }
assert runs.size() == 3 : "expected 3 builds in build.log, found ${runs.size()}"
def login = "Logged in to PKCS#11 token 'firmware'"
runs.each { assert it.contains('[INFO] BUILD SUCCESS') }
assert runs[0].count(login) == 1 && runs[0].contains('Signing with PKCS#11 key')
assert !runs[1].contains(login) : 'the second build logged in'
assert !runs[1].contains('Signing with') && runs[1].contains('Not signing again')
assert runs[1].contains("The signer's public key (ECDSA_P256 public key ")
assert runs[1].contains('image was correctly validated')
assert runs[2].count(login) == 1 && runs[2].contains('Signing with PKCS#11 key')
assert !(log =~ /(?m)^\s+at \S/).find()
assert softhsmPin.length() > 10 && !log.contains(softhsmPin)
return true
