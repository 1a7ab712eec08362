// A Vault transit fake (no Vault server can be installed here) on 127.0.0.1 with a test CA, for
// this build only: its address and CA reach the build through .mvn/maven.config; verify.groovy stops it.
import org.zephyrsign.signer.remote.TestCa
import org.zephyrsign.signer.vault.VaultTransitFake

def ca = TestCa.create(new File(basedir, 'fake-ca').toPath(), 'vault-it')
def vault = new VaultTransitFake(ca, 'transit', null)
['ed25519', 'ecdsa-p256', 'ecdsa-p384', 'rsa-2048', 'rsa-3072'].each { vault.addKey("fw-${it}", it) }
vault.addAppRole('firmware-ci', 'it-secret-id-0f3a9c51d2')
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Dvault.addr=${vault.uri()}\n-Dvault.ca=${ca.caPem()}\n"
System.properties.put('zephyr.it.fake.' + basedir, vault)
return true
