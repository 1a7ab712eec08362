// Shared by the negative deploy ITs: the build failed with one message of its own and no Java trace,
// and Nexus holds nothing of the project (asked through its REST API and by path).
def check(nexus, File basedir, String artifactId, String repository, String message) {
    def log = new File(basedir, 'build.log').text
    assert log.contains(message) : "build.log lacks: ${message}"
    assert !(log =~ /(?m)^\s+at \S+\(/) && !log.contains('Caused by:') && !log.contains('Exception in thread')
    def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
    assert failures.size() == 1 : failures
    assert nexus.assets(repository, 'org.zephyrsign.it.nexus', artifactId).isEmpty()
    def (code, body) = nexus.get("/repository/${repository}/org/zephyrsign/it/nexus/${artifactId}/1.0.0/"
            + "${artifactId}-1.0.0-signed.bin")
    assert code == 404
    return failures[0]
}
return this
