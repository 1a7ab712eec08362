// A Google Cloud KMS fake with its OAuth token endpoint (no Cloud KMS emulator can be installed here)
// on 127.0.0.1 with a test CA, for this build only: addresses, CA and the service account file reach the
// build through .mvn/maven.config; verify.groovy stops it.
import org.zephyrsign.crypto.SignatureAlgorithm
import org.zephyrsign.signer.cloud.CloudTestKeys
import org.zephyrsign.signer.gcp.GcpKmsFake
import org.zephyrsign.signer.remote.TestCa

def ca = TestCa.create(new File(basedir, 'fake-ca').toPath(), 'gcp-it')
def kms = new GcpKmsFake(ca)
def names = [ed25519: kms.add('EC_SIGN_ED25519', CloudTestKeys.generate(SignatureAlgorithm.ED25519), 'ENABLED'),
             p256: kms.add('EC_SIGN_P256_SHA256', CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P256), 'ENABLED'),
             p384: kms.add('EC_SIGN_P384_SHA384', CloudTestKeys.generate(SignatureAlgorithm.ECDSA_P384), 'ENABLED'),
             rsa2048: kms.add('RSA_SIGN_PSS_2048_SHA256', CloudTestKeys.generate(SignatureAlgorithm.RSA_2048), 'ENABLED'),
             rsa3072: kms.add('RSA_SIGN_PSS_3072_SHA256', CloudTestKeys.generate(SignatureAlgorithm.RSA_3072), 'ENABLED')]
def credentials = kms.serviceAccountFile(new File(basedir, 'fake-ca').toPath())
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = names.collect { k, v -> "-Dgcp.key.${k}=${v}" }.join('\n') +
        "\n-Dgcp.endpoint=${kms.uri()}\n-Dgcp.ca=${ca.caPem()}\n-Dgcp.credentials=${credentials}\n"
System.properties.put('zephyr.it.fake.' + basedir, kms)
return true
