// zephyr.bin is app-compressible.bin behind the 0x200 zero bytes CONFIG_ROM_START_OFFSET reserves.
// The .bin images are compressed (flags 0x400|0x800), the HEX is not; zephyr:verify checked the
// compressed image's signature and, after decompressing it, the uncompressed image's.
def log = new File(basedir, 'build.log').text
assert log.contains('--compression lzma2armthumb from CONFIG_MCUBOOT_COMPRESSED_IMAGE_SUPPORT_ENABLED in')
def flags = { byte[] b -> (b[16] & 0xff) | (b[17] & 0xff) << 8 | (b[18] & 0xff) << 16 }
def bin = new File(basedir, 'target/west-compressed-image-1.0-signed.bin')
assert (flags(bin.bytes) & 0xc00) == 0xc00 : 'the signed .bin is compressed with the ARM Thumb filter'
assert bin.length() < new File(basedir, 'fixtures/app/zephyr.bin').length()
assert (flags(new File(basedir, 'target/west-compressed-image-1.0-signed.confirmed.bin').bytes) & 0xc00) == 0xc00
// The HEX image's first data records hold its header: no compression flag there.
def data = new ByteArrayOutputStream()
new File(basedir, 'target/west-compressed-image-1.0-signed.hex').readLines()
        .findAll { it.substring(7, 9) == '00' }.take(2).each { record ->
    def n = Integer.parseInt(record.substring(1, 3), 16)
    (0..<n).each { i -> data.write(Integer.parseInt(record.substring(9 + 2 * i, 11 + 2 * i), 16)) }
}
assert (flags(data.toByteArray()) & 0xc00) == 0 : 'the HEX is not compressed'
assert log.contains('image was correctly validated')
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
return true
