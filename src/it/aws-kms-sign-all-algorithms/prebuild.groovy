// An AWS KMS fake (no KMS emulator can be installed here) on 127.0.0.1 with a test CA, for this build
// only: its address and CA reach the build through .mvn/maven.config; verify.groovy stops it.
import org.zephyrsign.crypto.SignatureAlgorithm
import org.zephyrsign.signer.aws.AwsKmsFake
import org.zephyrsign.signer.cloud.CloudTestKeys
import org.zephyrsign.signer.remote.TestCa

def ca = TestCa.create(new File(basedir, 'fake-ca').toPath(), 'aws-kms-it')
def kms = new AwsKmsFake(ca, 'eu-west-1', 'AKIAZEPHYRIT00000001', 'it/aws/secret/Zq81+never+logged+7c2e')
[ed25519: ['ECC_NIST_EDWARDS25519', SignatureAlgorithm.ED25519], p256: ['ECC_NIST_P256', SignatureAlgorithm.ECDSA_P256],
 p384: ['ECC_NIST_P384', SignatureAlgorithm.ECDSA_P384], rsa2048: ['RSA_2048', SignatureAlgorithm.RSA_2048],
 rsa3072: ['RSA_3072', SignatureAlgorithm.RSA_3072]].each { name, spec ->
    kms.alias("fw-${name}", kms.add(spec[0], 'SIGN_VERIFY', CloudTestKeys.generate(spec[1]), true))
}
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Daws.endpoint=${kms.uri()}\n-Daws.ca=${ca.caPem()}\n"
System.properties.put('zephyr.it.fake.' + basedir, kms)
return true
