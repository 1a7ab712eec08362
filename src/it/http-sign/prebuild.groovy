// An in-house signing service speaking the http signer's contract, on 127.0.0.1 with a test CA,
// demanding a client certificate (mutual TLS) and a bearer token (the settings.xml server
// "signing-service"). Address, CA and client certificate reach the build through .mvn/maven.config.
import org.zephyrsign.signer.remote.TestCa
import org.zephyrsign.signer.http.HttpContractFake

def ca = TestCa.create(new File(basedir, 'fake-ca').toPath(), 'http-it')
def service = new HttpContractFake(ca, true, '/api/v1', 'it-bearer-token-91c3f7')
def keys = new File(basedir, '../../../src/test/resources/vectors/keys').canonicalFile
service.addKey('fw-p384', 'ecdsa-p384-sha384', new File(keys, 'ecdsa-p384.pem').toPath())
service.addKey('fw-rsa3072', 'rsa-pss-sha256', new File(keys, 'rsa-3072.pem').toPath())
service.rawEcdsa = true
def p12 = ca.clientPkcs12('firmware-ci', 'p12-pass-4e8d2a')
new File(basedir, '.mvn').mkdirs()
new File(basedir, '.mvn/maven.config').text = "-Dsign.url=${service.uri()}/api/v1\n-Dsign.ca=${ca.caPem()}\n-Dsign.p12=${p12}\n"
System.properties.put('zephyr.it.fake.' + basedir, service)
return true
