// Both refused with one line each, by zephyr:verify and by the command line (exit 1).
def nexus = evaluate(new File(nexusClient))
def log = new File(basedir, 'build.log').text
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert failures.size() == 2 : failures
assert failures[0].contains('org.zephyrsign.it.nexus:tampered:1.0.0:signed does not verify against the pinned ED25519 '
        + 'public key 3bd1cf8f3537e5d7') && failures[0].contains('image has an invalid hash') : failures[0]
assert failures[1].contains('org.zephyrsign.it.nexus:record-mismatch:1.0.0:signed-signing-record:json does not match '
        + 'org.zephyrsign.it.nexus:record-mismatch:1.0.0:signed: the record says its SHA-256 is ' + '0' * 64) : failures[1]
assert !(log =~ /(?m)^\s+at \S+\(/) && !log.contains('Caused by:') && !log.contains('Exception in thread')

def run = { String artifact ->
    def process = [new File(System.getProperty('java.home'), 'bin/java').path, '-jar', cliJar, 'verify',
            '--artifact', artifact, '--repository', "${nexusUrl}/repository/firmware-it",
            '-k', new File(basedir, 'keys/ed25519.pub.pem').path].execute()
    def out = new StringBuilder()
    def err = new StringBuilder()
    process.waitForProcessOutput(out, err)
    [process.exitValue(), out.toString(), err.toString()]
}
def (code, out, err) = run('org.zephyrsign.it.nexus:tampered:1.0.0:signed')
assert code == 1 && out == '' && err.readLines().size() == 1 : "${code} ${out} ${err}"
assert err.contains('image has an invalid hash')
(code, out, err) = run('org.zephyrsign.it.nexus:record-mismatch:1.0.0:signed')
assert code == 1 && out == '' && err.readLines().size() == 1 : "${code} ${out} ${err}"
assert err.startsWith('Error: org.zephyrsign.it.nexus:record-mismatch:1.0.0:signed-signing-record:json does not match')
return true
