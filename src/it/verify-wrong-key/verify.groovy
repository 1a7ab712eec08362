def log = new File(basedir, 'build.log').text
assert log.contains("image.bin does not verify: the image's KEYHASH TLV names another key than ECDSA_P256 public key")
return true
