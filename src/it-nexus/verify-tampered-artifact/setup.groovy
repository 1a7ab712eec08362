// Publishes, straight through Nexus's HTTP interface (as an attacker or a broken pipeline would):
// tampered 1.0.0, the image with a payload bit flipped and .sha1 files that match the damaged
// bytes; record-mismatch 1.0.0, the intact image with a signing record naming another file.
def nexus = evaluate(new File(nexusClient))
def publish = { String artifactId, String suffix, byte[] bytes ->
    def path = "/repository/firmware-it/org/zephyrsign/it/nexus/${artifactId}/1.0.0/${artifactId}-1.0.0-${suffix}"
    assert nexus.put(path, bytes) in [200, 201]
    assert nexus.put(path + '.sha1', nexus.sha1(bytes).bytes) in [200, 201]
}
byte[] image = new File(basedir, 'image.bin').bytes
byte[] tampered = image.clone()
tampered[0x300] ^= 1
publish('tampered', 'signed.bin', tampered)
publish('record-mismatch', 'signed.bin', image)
def pem = new File(basedir, 'keys/ed25519.pub.pem').text
def keyHash = '3bd1cf8f3537e5d7ec7cccdf436d468144d8526c3f8efcf075c34721cb26c0a8' // getpubhash -e raw of that key
def record = groovy.json.JsonOutput.toJson([
    image: [file: 'record-mismatch-1.0.0-signed.bin', classifier: 'signed', type: 'bin', sha256: '0' * 64],
    signature: [algorithm: 'ED25519', publicKeyPem: pem, keyHash: keyHash]])
publish('record-mismatch', 'signed-signing-record.json', record.getBytes('UTF-8'))
['tampered', 'record-mismatch'].each { new File(localRepositoryPath, "org/zephyrsign/it/nexus/${it}").deleteDir() }
return true
