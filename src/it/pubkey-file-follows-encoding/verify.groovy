// Each encoding went to a file named after it, with imgtool's getpub output; the explicit name was kept.
def dir = new File(basedir, 'target/zephyr')
def expected = { String name -> new File(basedir, "expected/ecdsa-p256.pub.getpub.${name}").bytes }
assert new File(dir, 'signing-key.pub.rs').bytes == expected('lang-rust.txt')
assert new File(dir, 'signing-key.pub.der').bytes == expected('raw.bin')
assert new File(dir, 'signing-key.pub.c').bytes == expected('lang-c.txt')
assert new File(dir, 'signing-key.pub.pem').bytes == expected('pem.txt')
assert new File(basedir, 'target/keys/firmware-key.pem').bytes == expected('lang-rust.txt')
assert dir.list().toList().toSorted() == ['signing-key.pub.c', 'signing-key.pub.der', 'signing-key.pub.pem',
                                         'signing-key.pub.rs']
return true
