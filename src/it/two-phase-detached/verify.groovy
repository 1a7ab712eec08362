// Phase one hands out exactly imgtool's digest; phase two assembles exactly imgtool's image.
assert new File(basedir, 'target/zephyr/to-sign.bin').bytes == new File(basedir, 'expected-digest.bin').bytes
def request = new File(basedir, 'target/zephyr/to-sign.json').text
assert request.contains('"algorithm": "ED25519"')
assert request.contains('"hash": "SHA256"')
assert new File(basedir, 'target/two-phase-1.0-unsigned.bin').isFile()
assert new File(basedir, 'target/two-phase-1.0-signed.bin').bytes == new File(basedir, 'expected-imgtool.bin').bytes
return true
