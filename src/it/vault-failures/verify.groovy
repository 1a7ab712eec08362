// Five failing builds share this build.log. Each ends with its own one-line message naming the
// backend, the key and the credential source; no stack trace, no token anywhere (run 2 is -X).
import java.util.regex.Pattern

def vault = System.properties.remove('zephyr.it.fake.' + basedir)
try {
    def log = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[0-9;]*m/, '')
    def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.$)/).findAll { it.contains('Scanning for projects') }
    assert runs.size() == 5 : "expected 5 builds in build.log, found ${runs.size()}"
    def addr = vault.uri().toString()
    def failedGoal = { String run, String message ->
        def line = ~("(?m)^\\[ERROR\\] Failed to execute goal org\\.zephyrsign:zephyr-maven-plugin:[^:]+:sign "
                + "\\(default\\) on project vault-failures: " + Pattern.quote(message) + " -> \\[Help 1\\]\$")
        assert run.contains('[INFO] BUILD FAILURE')
        assert (run =~ line).find() : "no line matching ${line} in:\n${run}"
        true
    }
    def key = { String name -> "vault signer, transit key 'transit/keys/${name}' at ${addr} (token from env:VAULT_TOKEN)" }
    failedGoal(runs[0], key('fw-ecdsa-p256') + ': the service refused the credentials (HTTP 403: permission denied); '
            + 'check that the credential is valid and allowed to read the key and sign with it')
    failedGoal(runs[1], key('no-such-key') + ': the key does not exist (HTTP 404); check the key name and version')
    failedGoal(runs[2], key('fw-p521') + ': the key cannot sign MCUboot images (transit key type ecdsa-p521: MCUboot '
            + 'verifies ed25519, ecdsa-p256, ecdsa-p384, rsa-2048 and rsa-3072)')
    failedGoal(runs[3], key('fw-ecdsa-p256') + ": TLS handshake failed (127.0.0.1:${vault.port()}: the server's "
            + "certificate is not signed by a trusted CA (the JDK's CAs; set caBundle for a private CA)); check the "
            + 'CA bundle (caBundle) and the client certificate')
    failedGoal(runs[4], "vault signer, transit key 'transit/keys/rotated' version 1 at ${addr} (token from "
            + 'env:VAULT_TOKEN): the key is disabled (version 1 is below the key\'s min_encryption_version 2: Vault no '
            + 'longer signs with it); enable the key or its version, or name another')
    assert runs[1].contains('[DEBUG]')
    runs.eachWithIndex { run, i ->
        if (i == 1) {
            return // -X: Maven itself prints the exception's chain then
        }
        def noDebug = run.readLines().findAll { !it.startsWith('[DEBUG]') }.join('\n')
        assert !(noDebug =~ /(?m)^\s+at [\w.$]+\(/).find() : "run ${i + 1}: a stack trace"
        assert !noDebug.contains('Caused by:') : "run ${i + 1}: a cause chain"
    }
    assert !log.contains('hvs.it-valid-token-5b2f80')
    assert !log.contains('hvs.refused-token-7c1e9d')
} finally {
    vault?.close()
}
return true
