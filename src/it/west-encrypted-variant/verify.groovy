def log = new File(basedir, 'build.log').text
assert log.contains('CONFIG_MCUBOOT_ENCRYPTION_KEY_FILE: also an image encrypted for')
def plain = new File(basedir, 'target/west-encrypted-1.0-signed.bin')
def encrypted = new File(basedir, 'target/west-encrypted-1.0-signed.encrypted.bin')
assert plain.isFile() && encrypted.isFile()
// ENCRYPTED_AES128 flag (header offset 16, little endian) and a different payload
assert (encrypted.bytes[16] & 0x04) == 0x04
assert encrypted.bytes[0x200..0x2ff] != plain.bytes[0x200..0x2ff]
// zephyr:verify decrypted it with the device key and checked hash and signature
assert log.contains('west-encrypted-1.0-signed.encrypted.bin: image was correctly validated')
return true
