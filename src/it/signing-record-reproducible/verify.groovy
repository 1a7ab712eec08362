import groovy.json.JsonSlurper
import org.zephyrsign.imageset.SigningRecordSchema

def first = new File(basedir, 'target')
def second = new File(basedir, 'second')
def ed = 'signing-record-reproducible-1.0-signed.bin'
def edRecord = "${ed}.signing-record.json"

def log = new File(basedir, 'build.log').text
assert log.count('[INFO] BUILD SUCCESS') == 2
assert log.count('Signing with PKCS#11 key') == 4 : 'both builds sign both images'

// Ed25519: the same bytes twice, image and record.
[ed, edRecord].each { name ->
    def a = new File(first, name)
    def b = new File(second, name)
    assert a.isFile() && b.isFile()
    assert a.bytes == b.bytes : "${name} differs between the two builds"
}
def record = new JsonSlurper().parse(new File(first, edRecord))
assert SigningRecordSchema.problems(new File(first, edRecord).toPath()) == []
assert record.timestamp == '2026-11-30T12:00:00Z'
assert record.image.version == '1.4.0+7' && record.image.securityCounter == 3
assert record.signer.type == 'pkcs11'
assert record.signer.keyReference == 'pkcs11:token=firmware;object=fw-ed25519;id=%01;type=private'
assert record.signer.nonExtractable == true && record.signer.neverExtractable == true
assert record.signer.attributes.CKA_EXTRACTABLE == 'false' && record.signer.attributes.CKA_SENSITIVE == 'true'
assert record.image.classifier == 'signed'

// ECDSA P-256: randomized signatures. Everything but the signature TLV (the last 72 bytes with
// padSig) and, in the record, the file's SHA-256 is the same.
def pa = new File(first, 'fw-p256.bin').bytes
def pb = new File(second, 'fw-p256.bin').bytes
assert pa.length == pb.length
def sigStart = pa.length - 72
assert Arrays.equals(Arrays.copyOfRange(pa, 0, sigStart), Arrays.copyOfRange(pb, 0, sigStart))
assert !Arrays.equals(Arrays.copyOfRange(pa, sigStart, pa.length), Arrays.copyOfRange(pb, sigStart, pb.length))
def ra = new File(first, 'fw-p256.bin.signing-record.json')
def rb = new File(second, 'fw-p256.bin.signing-record.json')
[ra, rb].each { assert SigningRecordSchema.problems(it.toPath()) == [] }
def ja = new JsonSlurper().parse(ra)
def jb = new JsonSlurper().parse(rb)
assert ja.image.sha256 != jb.image.sha256
assert ra.text.replace(ja.image.sha256, 'X') == rb.text.replace(jb.image.sha256, 'X')
assert ja.image.classifier == 'p256' && ja.signature.algorithm == 'ECDSA_P256'
assert !log.contains(softhsmPin)
return true
