// The Vault transit fake (no Vault server can be installed here) for the failing builds.
import org.zephyrsign.signer.remote.TestCa
import org.zephyrsign.signer.vault.VaultTransitFake

def ca = TestCa.create(new File(basedir, 'fake-ca').toPath(), 'vault-it')
def vault = new VaultTransitFake(ca, 'transit', null, 'hvs.it-valid-token-5b2f80')
vault.addKey('fw-ecdsa-p256', 'ecdsa-p256')
vault.addKey('fw-p521', 'ecdsa-p521')
vault.addKey('rotated', 'ecdsa-p256').rotate().minEncryptionVersion(2)
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Dvault.addr=${vault.uri()}\n-Dvault.ca=${ca.caPem()}\n"
System.properties.put('zephyr.it.fake.' + basedir, vault)
return true
