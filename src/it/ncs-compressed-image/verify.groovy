// SB_CONFIG_MCUBOOT_COMPRESSED_IMAGE_SUPPORT sets CONFIG_MCUBOOT_COMPRESSED_IMAGE_SUPPORT_ENABLED in
// the image: image_signing.cmake adds --compression lzma2armthumb to the .bin only (imgtool_bin_extra).
def log = new File(basedir, 'build.log').text
def ncs = log.readLines().findAll { it.contains('NCS would run') }.collect { it.substring(it.indexOf('imgtool')) }
assert ncs == [
    'imgtool sign --version 0.9.1 --align 4 --slot-size 0x76000 --pad-header --header-size 0x200 -k KEY --compression lzma2armthumb zephyr.bin zephyr.signed.bin',
    'imgtool sign --version 0.9.1 --align 4 --slot-size 0x76000 --pad-header --header-size 0x200 -k KEY zephyr.hex zephyr.signed.hex',
]
def flags = { byte[] b -> (b[16] & 0xff) | (b[17] & 0xff) << 8 | (b[18] & 0xff) << 16 }
def bin = new File(basedir, 'target/ncs-compressed-1.0-signed.bin').bytes
assert (flags(bin) & 0xc00) == 0xc00 : 'the .bin is compressed with the ARM Thumb filter'
def data = new ByteArrayOutputStream()
new File(basedir, 'target/ncs-compressed-1.0-signed.hex').readLines()
        .findAll { it.substring(7, 9) == '00' }.take(2).each { record ->
    def n = Integer.parseInt(record.substring(1, 3), 16)
    (0..<n).each { i -> data.write(Integer.parseInt(record.substring(9 + 2 * i, 11 + 2 * i), 16)) }
}
assert (flags(data.toByteArray()) & 0xc00) == 0 : 'the HEX is not compressed'
def zip = new java.util.zip.ZipFile(new File(basedir, 'target/ncs-compressed-1.0-signed-dfu_application.zip'))
assert zip.getInputStream(zip.getEntry('ncs-compressed-image.signed.bin')).bytes == bin : 'the zip holds the compressed update'
zip.close()
assert log.contains('ncs-compressed-image.signed.bin (version 0.9.1') && log.contains('was correctly validated')
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
return true
