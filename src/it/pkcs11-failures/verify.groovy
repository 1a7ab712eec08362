// Seven failing builds share this build.log (invoker.properties). Each must end with its own one-line
// message, and the log must hold nothing else of note: no stack trace, nothing printed when the JVM
// shut down (it once printed a NoClassDefFoundError from the session-closing hook after each of them).
import java.util.regex.Pattern

def log = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[0-9;]*m/, '')
def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.$)/).findAll { it.contains('Scanning for projects') }
assert runs.size() == 7 : "expected 7 builds in build.log, found ${runs.size()}"

def module = new File((new File(basedir, 'pom.xml').text =~ /<library>([^<]+)<\/library>/)[0][1]).canonicalPath

/** The one line Maven prints for a failed goal, with our message as its reason. */
def failedGoal = { String run, String execution, String messageRegex ->
    def line = ~("(?m)^\\[ERROR\\] Failed to execute goal org\\.zephyrsign:zephyr-maven-plugin:[^:]+:sign \\(" \
            + Pattern.quote(execution) + "\\) on project pkcs11-failures: " + messageRegex + " -> \\[Help 1\\]\$")
    assert run.contains('[INFO] BUILD FAILURE')
    assert (run =~ line).find() : "no line matching ${line} in:\n${run}"
    true
}
def exactly = { String message -> Pattern.quote(message) }

// 1: wrong PIN, from env:
failedGoal(runs[0], 'default', exactly("pkcs11 signer: wrong PIN for token 'firmware' (${module}) (CKR_PIN_INCORRECT); "
        + 'check the PIN source'))
// 2: no <server> for the serverId
failedGoal(runs[1], 'default', exactly("<signer><serverId> (-Dzephyr.signer.serverId): no <server> with id "
        + "'no-such-hsm' and a password in settings.xml"))
// 3: a literal PIN in the POM
failedGoal(runs[2], 'default', exactly('<signer><pin> (-Dzephyr.signer.pin) must be a reference (env:NAME, '
        + 'file:PATH or mvn:SERVER_ID), not the secret itself; secrets do not belong in build files. A PIN written '
        + 'in a build file must be treated as disclosed (Maven prints the plugin configuration with -X, before any '
        + 'plugin can refuse it): change it on the token'))
// 4: env: names an unset variable
failedGoal(runs[3], 'default', exactly('<signer><pin> (-Dzephyr.signer.pin): environment variable '
        + 'ZEPHYR_IT_UNSET_PIN is not set'))
// 5: no token with that label; the serial and slot numbers change with every token made
failedGoal(runs[4], 'default', exactly("pkcs11 signer: no token 'no-such-token' in ${module}; tokens present: ")
        + /'firmware' \(serial [0-9a-f]+, slot \d+\), an uninitialized token in slot \d+/)
// 6: a shared library that is no PKCS#11 module
failedGoal(runs[5], 'default', 'PKCS#11 library (/\\S+)/lib/libzip\\.so ' + exactly('is not a PKCS#11 module (no '
        + "C_GetFunctionList); give the path of the HSM vendor's PKCS#11 module"))
// 7: the first execution signed, the second names a missing key; the session is closed at the end
failedGoal(runs[6], 'missing-key', exactly("pkcs11 signer: no private key with label 'fw-missing' on token "
        + "'firmware'; keys there: ") + /.*'fw-p256' \(id 02\).*/)
assert new File(basedir, 'target/pkcs11-failures-1.0-signed.bin').isFile()

// Only the build that got past the login held a session, and it was closed before the build result.
runs.eachWithIndex { run, i ->
    int logins = run.count("Logged in to PKCS#11 token 'firmware'")
    int closes = run.count("Closed the PKCS#11 session of token 'firmware' (${module}) at the end of the build")
    assert logins == (i == 6 ? 1 : 0) : "run ${i + 1}: ${logins} logins"
    assert closes == logins : "run ${i + 1}: ${closes} sessions closed"
}
assert runs[6].indexOf('Closed the PKCS#11 session') < runs[6].indexOf('BUILD FAILURE')

// The whole log: no stack trace, nothing printed at shutdown. "Exception" appears once per build,
// in Maven's own help link for MojoFailureException, and nowhere else.
assert !log.contains('NoClassDefFoundError')
assert !log.contains('Exception in thread')
assert !log.contains('Caused by')
assert !(log =~ /(?m)^\s+at \S/).find() : 'a stack-frame line'
assert !log.contains('\tat ')
def exceptionLines = log.readLines().findAll { it.contains('Exception') }
assert exceptionLines.size() == 7
assert exceptionLines.every { it == '[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException' }

// No PIN, right or wrong or literal, anywhere.
assert softhsmPin.length() > 10 && !log.contains(softhsmPin)
assert !log.contains('0000-wrong-pin')
assert !log.contains('4711-literal-pin')
return true
