// Six builds share build.log (invoker.properties). The two that sign a changed image fail with
// one line naming the cause and both digests; the others sign exactly imgtool's image.
import java.util.regex.Pattern

def log = new File(basedir, 'build.log').text.replaceAll(/\u001B\[[0-9;]*m/, '')
def runs = log.split(/(?m)^(?=\[INFO\] Scanning for projects\.\.\.$)/).findAll { it.contains('Scanning for projects') }
assert runs.size() == 6 : "expected 6 builds in build.log, found ${runs.size()}"

def request = new File(basedir, 'target/zephyr/to-sign.json').canonicalPath
def asked = (runs[0] =~ /Image digest \(SHA256\): ([0-9a-f]{64})/)[0][1]

def failedBecause = { String run, String problem ->
    def line = ~("(?m)^\\[ERROR\\] Failed to execute goal org\\.zephyrsign:zephyr-maven-plugin:[^:]+:sign \\(default-cli\\) "
            + "on project two-phase-changed: " + Pattern.quote("the firmware or the image settings changed since "
            + request + " was written: the image digest (SHA256) is now ") + "([0-9a-f]{64})"
            + Pattern.quote(", the signature was asked for " + asked + "; run zephyr:image again and have the new "
            + "signing request signed") + " -> \\[Help 1\\]\$")
    def m = run =~ line
    assert m.find() : "no line matching ${line} in:\n${run}"
    assert m.group(1) != asked
    assert !run.contains('does not verify against the expected public key')
    m.group(1)
}
def rebuilt = failedBecause(runs[1], 'firmware')
def newVersion = failedBecause(runs[2], 'version')
assert rebuilt != newVersion

// 4 and 6: the signature fits; the image is imgtool's, byte for byte (6 after a newer request).
[3, 5].each { i -> assert runs[i].contains('[INFO] BUILD SUCCESS') }
assert runs[4].contains('[INFO] BUILD SUCCESS') && !runs[4].contains(asked)
assert new File(basedir, 'target/two-phase-changed-1.0-signed.bin').bytes == new File(basedir, 'expected-imgtool.bin').bytes

assert !log.contains('Caused by')
assert !log.contains('Exception in thread')
assert !(log =~ /(?m)^\s+at \S/).find() : 'a stack-frame line'
def exceptionLines = log.readLines().findAll { it.contains('Exception') }
assert exceptionLines.size() == 2
assert exceptionLines.every { it == '[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException' }
return true
