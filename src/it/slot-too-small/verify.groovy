def log = new File(basedir, 'build.log').text
assert log.contains('<slotSize> (-Dzephyr.slotSize): image size (0x1290) + trailer (0x630) exceeds requested size 0x1000 by 2240 bytes')
assert !new File(basedir, 'target/slot-too-small-1.0-signed.bin').exists()
// zephyr:pubkey ran first: the bootloader's public key, as imgtool getpub -e pem prints it
assert new File(basedir, 'target/zephyr/signing-key.pub.pem').text == new File(basedir, 'expected.pub.pem').text
return true
