def base = basedir.canonicalPath
def app = "${base}/target/zephyr/app"
def calls = new File(basedir, 'workspace/calls.log').readLines().findAll { it.startsWith('west ') }
def spdxInit = calls.indexOf("west spdx --init -d ${app}".toString())
def build = calls.findIndexOf { it.startsWith("west build -b nrf52840dk/nrf52840 -d ${app} ") }
def spdx = calls.indexOf("west spdx -d ${app}".toString())
assert spdxInit >= 0 && build > spdxInit && spdx > build : calls.join('\n')
assert calls.count { it.startsWith('west spdx') } == 2 : 'not for the bootloader build'

def repo = new File(localRepositoryPath, 'org/zephyrsign/it/west-sbom/1.0')
['app': 'spdx-app', 'zephyr': 'spdx-zephyr', 'build': 'spdx-build'].each { doc, classifier ->
    def attached = new File(repo, "west-sbom-1.0-${classifier}.spdx")
    assert attached.isFile() : "missing ${classifier}"
    assert attached.bytes == new File("${app}/spdx/${doc}.spdx").bytes
    assert attached.text.startsWith('SPDXVersion: SPDX-2.3\n')
}
assert new File(repo, 'west-sbom-1.0.bin').isFile()
assert new File(repo, 'west-sbom-1.0-signing-record.json').isFile()
def log = new File(basedir, 'build.log').text
assert log.contains("SBOM: ${app}/spdx/app.spdx (spdx-app)")
return true
