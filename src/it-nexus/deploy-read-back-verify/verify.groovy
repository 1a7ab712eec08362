// Every deployed file reads back from Nexus with the SHA-256 Nexus reports and the bytes the build
// made; the image verifies by its coordinates (Maven and the command line), and not against another key.
def nexus = evaluate(new File(nexusClient))
def group = 'org.zephyrsign.it.nexus'
def files = nexus.files('firmware-it', group, 'deployed-firmware')
def dir = '/org/zephyrsign/it/nexus/deployed-firmware/1.0.0/'
def local = [
    "${dir}deployed-firmware-1.0.0.pom": new File(basedir, 'pom.xml'),
    "${dir}deployed-firmware-1.0.0-signed.bin": new File(basedir, 'target/deployed-firmware-1.0.0-signed.bin'),
    "${dir}deployed-firmware-1.0.0-signing-key.pem": new File(basedir, 'target/zephyr/signing-key.pub.pem'),
    // the signing record zephyr:sign writes beside the image (NAME.signing-record.json), published as classifier
    // signed-signing-record
    "${dir}deployed-firmware-1.0.0-signed-signing-record.json":
            new File(basedir, 'target/deployed-firmware-1.0.0-signed.bin.signing-record.json'),
]
local = local.collectEntries { path, file -> [(path.toString()): file] }
assert files.keySet() == local.keySet() : "deployed: ${files.keySet()}"
files.each { path, asset ->
    def (code, bytes) = nexus.get(asset.downloadUrl)
    assert code == 200 : "${asset.downloadUrl}: HTTP ${code}"
    assert nexus.sha256(bytes) == asset.checksum.sha256 : "${path}: Nexus reports ${asset.checksum.sha256}"
    assert bytes == local[path].bytes : "${path} differs from ${local[path]}"
}

def log = new File(basedir, 'build.log').text
assert log.contains('org.zephyrsign.it.nexus:deployed-firmware:1.0.0:signed: image was correctly validated')
assert log.contains('org.zephyrsign.it.nexus:deployed-firmware:1.0.0:signed-signing-record:json: the signing record '
        + 'names the same file SHA-256 and key')
assert log.contains('does not verify against the pinned ECDSA_P256 public key')
assert !(log =~ /(?m)^\s+at \S+\(/) && !log.contains('Caused by:') && !log.contains('Exception in thread')

// The command line, credentials from the environment.
def run = { List<String> args ->
    def env = System.getenv().findAll { k, v -> !k.startsWith('ZEPHYRSIGN_') }.collect { k, v -> "${k}=${v}" }
    env += ['ZEPHYRSIGN_REPO_USER=admin', 'ZEPHYRSIGN_REPO_PASSWORD=admin123']
    def process = ([new File(System.getProperty('java.home'), 'bin/java').path, '-jar', cliJar, 'verify',
            '--artifact', "${group}:deployed-firmware:1.0.0:signed", '--repository', "${nexusUrl}/repository/firmware-it"]
            + args).execute(env, basedir)
    def out = new StringBuilder()
    def err = new StringBuilder()
    process.waitForProcessOutput(out, err)
    [process.exitValue(), out.toString(), err.toString()]
}
def (code, out, err) = run(['-k', new File(basedir, 'target/zephyr/signing-key.pub.pem').path])
assert code == 0 : err
assert out.startsWith('Image was correctly validated\n')
assert out.contains('Signing record: org.zephyrsign.it.nexus:deployed-firmware:1.0.0:signed-signing-record:json matches')
assert out.contains("(SHA-256 ${nexus.sha256(local[dir + 'deployed-firmware-1.0.0-signed.bin'].bytes)})")
(code, out, err) = run(['-k', new File(basedir, 'keys/other.pub.pem').path])
assert code == 1 && out == ''
assert err.readLines().size() == 1 && err.startsWith('Error: org.zephyrsign.it.nexus:deployed-firmware:1.0.0:signed '
        + 'does not verify against the pinned ECDSA_P256 public key') : err
return true
