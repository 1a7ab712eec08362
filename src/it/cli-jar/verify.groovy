// The shaded cli jar, installed with classifier cli, prints the project's version (a filtered
// resource, so the jar and the tests agree), its help, and its usage on stderr without arguments.
def version = (new File(basedir, 'pom.xml').text =~ /<zephyr\.plugin\.version>([^<]+)</)[0][1]
def name = "zephyr-maven-plugin-${version}-cli.jar"
def jar = new File(localRepositoryPath, "org/zephyrsign/zephyr-maven-plugin/${version}/${name}")
assert jar.isFile() : "no ${jar}"

def run = { List<String> args ->
    def process = ([new File(System.getProperty('java.home'), 'bin/java').path, '-jar', jar.path] + args).execute()
    def out = new StringBuilder()
    def err = new StringBuilder()
    process.waitForProcessOutput(out, err)
    [process.exitValue(), out.toString(), err.toString()]
}

for (how in ['version', '--version']) {
    def (code, out, err) = run([how])
    assert code == 0 && out == "${version}\n" && err == '' : "${how}: ${code} '${out}' '${err}'"
}
def (code, out, err) = run(['sign', '--help'])
assert code == 0 && err == ''
assert out.startsWith("Usage: java -jar ${name} sign [OPTIONS] INFILE OUTFILE\n")
assert out.contains('\n  -H, --header-size INTEGER ')
(code, out, err) = run([])
assert code == 2 && out == ''
assert err.startsWith("Usage: java -jar ${name} [OPTIONS] COMMAND [ARGS]...\n")
assert err.readLines().findAll { it.startsWith('Error: ') } == ['Error: missing command; one of dumpinfo, getpub, '
        + 'getpubhash, keyinfo, sign, verify or version']

// The launcher (target/zephyr-sign) runs the same program: copied with the jar into a new folder,
// its first run makes the class-data sharing archive and the JVM options that go with it beside the
// jar, and it signs the same bytes as `java -jar`.
def launcher = new File(basedir, '../../zephyr-sign').canonicalFile
assert launcher.isFile() : "no ${launcher}"
def dir = java.nio.file.Files.createTempDirectory('zephyr-sign-launcher').toFile()
try {
    def copy = new File(dir, 'zephyr-sign')
    copy.bytes = launcher.bytes
    copy.setExecutable(true)
    new File(dir, name).bytes = new File(launcher.parentFile, name).bytes
    def launch = { List<String> args ->
        def process = ([copy.path] + args).execute(["JAVA_HOME=${System.getProperty('java.home')}", "PATH=${System.getenv('PATH')}", "HOME=${dir}"], dir)
        def stdout = new StringBuilder()
        def stderr = new StringBuilder()
        process.waitForProcessOutput(stdout, stderr)
        [process.exitValue(), stdout.toString(), stderr.toString()]
    }
    (code, out, err) = launch(['version'])
    assert code == 0 && out == "${version}\n" && err == '' : "launcher version: ${code} '${out}' '${err}'"
    def jsa = new File(dir, name.replace('.jar', '.jsa'))
    def opts = new File(dir, name.replace('.jar', '.opts'))
    assert jsa.length() > 0 && opts.isFile() : "the first run made no archive: ${dir.list()}"
    if (Runtime.version().feature() == 17) {
        assert opts.readLines() == ['-XX:+UnlockDiagnosticVMOptions', '-XX:ArchiveRelocationMode=0']
    }

    def pair = java.security.KeyPairGenerator.getInstance('Ed25519').generateKeyPair()
    def key = new File(dir, 'key.pem')
    key.text = "-----BEGIN PRIVATE KEY-----\n${pair.private.encoded.encodeBase64()}\n-----END PRIVATE KEY-----\n"
    def firmware = new File(dir, 'app.bin')
    firmware.bytes = (0..<3000).collect { (byte) (it * 7) } as byte[]
    def signArgs = { String output -> ['sign', '-H', '0x200', '--pad-header', '--align', '4', '-S', '0x10000', '-v', '1.2.3',
            '-k', key.path, firmware.path, new File(dir, output).path] }
    (code, out, err) = launch(signArgs('launched.bin'))
    assert code == 0 : "launcher sign: ${code} ${err}"
    (code, out, err) = run(signArgs('java-jar.bin'))
    assert code == 0 : "java -jar sign: ${code} ${err}"
    assert new File(dir, 'launched.bin').bytes == new File(dir, 'java-jar.bin').bytes
} finally {
    dir.deleteDir()
}
return true
