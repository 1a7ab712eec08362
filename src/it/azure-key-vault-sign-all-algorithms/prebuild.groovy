// An Azure Key Vault fake with its Entra token endpoint (no Key Vault emulator can be installed here)
// on 127.0.0.1 with a test CA, for this build only: addresses and CA reach the build through
// .mvn/maven.config; verify.groovy stops it.
import org.zephyrsign.crypto.SignatureAlgorithm
import org.zephyrsign.signer.azure.AzureKeyVaultFake
import org.zephyrsign.signer.cloud.CloudTestKeys
import org.zephyrsign.signer.remote.TestCa

def ca = TestCa.create(new File(basedir, 'fake-ca').toPath(), 'azure-it')
def vault = new AzureKeyVaultFake(ca, 'it~azure~secret~Qx7~never~logged')
def ops = ['sign', 'verify']
def ids = [p256: vault.add('EC-HSM', 'P-256', ops, CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P256), true),
           p384: vault.add('EC', 'P-384', ops, CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P384), true),
           rsa2048: vault.add('RSA-HSM', null, ops, CloudTestKeys.generate(SignatureAlgorithm.RSA_2048), true),
           rsa3072: vault.add('RSA', null, ops, CloudTestKeys.generate(SignatureAlgorithm.RSA_3072), true)]
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = ids.collect { k, v -> "-Dazure.key.${k}=${v}" }.join('\n') +
        "\n-Dazure.authority=${vault.uri()}/\n-Dazure.ca=${ca.caPem()}\n"
System.properties.put('zephyr.it.fake.' + basedir, vault)
return true
