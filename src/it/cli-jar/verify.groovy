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
return true
