package org.zephyrsign.imageset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.Settings;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.PemKeySigner;
import org.zephyrsign.signer.SignerLog;

/**
 * When zephyr:sign may skip signing: only when its record says the same inputs, settings and signer
 * made the outputs that are there now and still verify. Everything else signs again.
 */
class SigningRecordTest {
    private static final Path KEYS = Path.of("src/test/resources/vectors/keys");
    private static final String IDENTITY = "pem, public key 302a...";
    private static final String VERSION = "1.0";
    private static final SignerLog QUIET = new SignerLog() {
        @Override
        public void warn(String message) {
        }

        @Override
        public void info(String message) {
        }
    };

    @TempDir
    Path tmp;
    private Path firmware;
    private Path output;
    private Path record;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void firmware() throws IOException {
        firmware = Files.write(tmp.resolve("app.bin"), bytes(3000, 7));
        output = tmp.resolve("out/app-signed.bin");
        record = tmp.resolve("state/app-signed.bin.properties");
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private ImageSet set(ImageSettings settings) {
        return new ImageSet(List.of(new ImageSetMember(ImageRole.APPLICATION, firmware, settings, output,
                Classifiers.SIGNED)));
    }

    private ImageSet set() {
        return set(Settings.vector());
    }

    private SigningRecord.Target target() {
        return new SigningRecord.Target(record, IDENTITY, VERSION);
    }

    private void sign(ImageSet set, SigningRecord.Target target, String key) {
        try (ImageSigner signer = PemKeySigner.open(KEYS.resolve(key), QUIET)) {
            ImageSetSigner.signAndWrite(set, signer, log::add, target);
        }
    }

    private void signed() {
        sign(set(), target(), "ed25519.pem");
        assertTrue(Files.isRegularFile(output) && Files.isRegularFile(record));
    }

    private void assertSignsAgain(SigningRecord.Check check, String because) {
        assertFalse(check.upToDate(), check.reason());
        assertTrue(check.reason().contains(because), check.reason());
    }

    @Test
    void withoutARecordItSigns() {
        assertSignsAgain(SigningRecord.check(target(), set()), "there is no record of an earlier signing");
    }

    @Test
    void afterSigningWithNothingChangedItIsUpToDate() {
        signed();
        SigningRecord.Check check = SigningRecord.check(target(), set());
        assertTrue(check.upToDate(), check.reason());
        assertEquals("the input, the image settings and the signer configuration are unchanged, and "
                + "app-signed.bin verifies against " + PemKeys.publicKey(KEYS.resolve("ed25519.pub.pem")),
                check.reason());
    }

    @Test
    void oneChangedInputByteSignsAgain() throws IOException {
        signed();
        byte[] changed = Files.readAllBytes(firmware);
        changed[1000] ^= 1;
        Files.write(firmware, changed);
        assertSignsAgain(SigningRecord.check(target(), set()), "the input " + firmware + " changed");
    }

    @Test
    void anotherInputFileSignsAgain() throws IOException {
        signed();
        firmware = Files.copy(firmware, tmp.resolve("same-bytes-other-name.bin"));
        assertSignsAgain(SigningRecord.check(target(), set()), "changed");
    }

    @Test
    void aChangedSettingSignsAgain() {
        signed();
        ImageSettings newer = Settings.of("-H", "0x200", "--pad-header", "--align", "4", "-S", "0x60000", "-v",
                "1.0.1");
        assertSignsAgain(SigningRecord.check(target(), set(newer)), "the image settings of app-signed.bin changed");
    }

    @Test
    void anotherSignerConfigurationSignsAgain() {
        signed();
        assertSignsAgain(SigningRecord.check(new SigningRecord.Target(record, "pkcs11, token other", VERSION),
                set()), "the signer configuration changed");
    }

    @Test
    void aSignerThatCannotTellItsKeyUnopenedAlwaysSigns() {
        signed();
        assertSignsAgain(SigningRecord.check(new SigningRecord.Target(record, null, VERSION), set()),
                "cannot tell which key");
    }

    @Test
    void anotherVersionOfTheToolSignsAgain() {
        signed();
        assertSignsAgain(SigningRecord.check(new SigningRecord.Target(record, IDENTITY, "1.1"), set()),
                "signed by version 1.0, this is 1.1");
    }

    @Test
    void aRemovedOutputIsSignedAgain() throws IOException {
        signed();
        Files.delete(output);
        assertSignsAgain(SigningRecord.check(target(), set()), output + " is missing");
    }

    @Test
    void aTouchedOutputIsSignedAgain() throws IOException {
        signed();
        byte[] image = Files.readAllBytes(output);
        image[image.length - 1] ^= 1;
        Files.write(output, image);
        assertSignsAgain(SigningRecord.check(target(), set()), output + " changed since it was signed");
    }

    @Test
    void theOutputsAreVerifiedAgainstTheRecordedKey() throws IOException {
        signed();
        // The same record, but naming another public key: the image is unchanged, yet does not verify.
        String p256 = java.util.HexFormat.of().formatHex(PemKeys.publicKey(KEYS.resolve("ecdsa-p256.pub.pem"))
                .subjectPublicKeyInfo().getEncoded("DER"));
        rewriteRecord(text -> text.replaceAll("(?m)^publicKey=.*$", "publicKey=" + p256));
        assertSignsAgain(SigningRecord.check(target(), set()), output + " does not verify");
    }

    @Test
    void anUnreadableRecordSignsAgain() throws IOException {
        signed();
        rewriteRecord(text -> text + "broken=\\u12\n");
        assertSignsAgain(SigningRecord.check(target(), set()), "is unreadable");
        Files.writeString(record, "format=something-else/9\n");
        assertSignsAgain(SigningRecord.check(target(), set()), "is not one this version writes");
        rewriteRecord(text -> "");
        assertSignsAgain(SigningRecord.check(target(), set()), "is not one this version writes");
    }

    @Test
    void aRecordWithAMangledKeySignsAgain() throws IOException {
        signed();
        rewriteRecord(text -> text.replaceAll("(?m)^publicKey=.*$", "publicKey=zz"));
        assertSignsAgain(SigningRecord.check(target(), set()), "is unreadable");
    }

    @Test
    void theRecordIsWrittenWithTheImagesOrNotAtAll() throws IOException {
        // The output's directory cannot be made (a file is in the way): no image, and no record.
        Files.writeString(tmp.resolve("out"), "a file where the output directory should be");
        assertThrows(ZephyrSignException.class, () -> sign(set(), target(), "ed25519.pem"));
        assertFalse(Files.exists(record));
        // Signing again over an earlier set: the record follows the images.
        Files.delete(tmp.resolve("out"));
        signed();
        byte[] first = Files.readAllBytes(record);
        Files.write(firmware, bytes(3000, 8));
        sign(set(), target(), "ed25519.pem");
        assertNotEquals(new String(first, StandardCharsets.ISO_8859_1), Files.readString(record,
                StandardCharsets.ISO_8859_1));
        assertTrue(SigningRecord.check(target(), set()).upToDate());
    }

    @Test
    void aSettingThatNamesAFileIsComparedByTheFilesContent() throws IOException {
        Path deviceKey = Files.copy(KEYS.resolve("enc-x25519.pub.pem"), tmp.resolve("device.pub.pem"));
        String before = SigningRecord.settingsSha256(Settings.vector("-E", deviceKey.toString()));
        assertEquals(before, SigningRecord.settingsSha256(Settings.vector("-E", deviceKey.toString())));
        Files.copy(KEYS.resolve("enc-ec256.pub.pem"), deviceKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertNotEquals(before, SigningRecord.settingsSha256(Settings.vector("-E", deviceKey.toString())));
    }

    @Test
    void anEncryptedImageIsUpToDateThoughItsPayloadCannotBeCheckedWithoutTheDevicesKey() {
        ImageSet encrypted = set(Settings.vector("-E", KEYS.resolve("enc-x25519.pub.pem").toString()));
        sign(encrypted, target(), "ed25519.pem");
        assertTrue(SigningRecord.check(target(), encrypted).upToDate());
    }

    @Test
    void pathsBeyondAsciiAreRecordedAsTheyAre() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("Gerät ünd 固件"));
        firmware = Files.copy(firmware, dir.resolve("app ä.bin"));
        output = dir.resolve("out/app ä-signed.bin");
        signed();
        SigningRecord.Check check = SigningRecord.check(target(), set());
        assertTrue(check.upToDate(), check.reason());
        String record = Files.readString(this.record, StandardCharsets.ISO_8859_1);
        assertTrue(record.startsWith("# What zephyr:sign signed last"), record);
        assertTrue(record.contains("\\u56FA\\u4EF6"), record);
    }

    @Test
    void everyImageOfASetIsChecked() throws IOException {
        Path hexOut = tmp.resolve("out/app-signed.hex");
        ImageSettings withHex = Settings.vector("-x", "0x10000");
        ImageSet two = new ImageSet(List.of(
                new ImageSetMember(ImageRole.APPLICATION, firmware, withHex, output, Classifiers.SIGNED),
                new ImageSetMember(ImageRole.APPLICATION_HEX, firmware, withHex, hexOut, Classifiers.SIGNED)));
        sign(two, target(), "ed25519.pem");
        SigningRecord.Check check = SigningRecord.check(target(), two);
        assertTrue(check.upToDate(), check.reason());
        assertTrue(check.reason().contains("the inputs") && check.reason().contains("app-signed.bin, "
                + "app-signed.hex verify against"), check.reason());
        Files.delete(hexOut);
        assertSignsAgain(SigningRecord.check(target(), two), hexOut + " is missing");
        // The set is not the one recorded: one image fewer.
        sign(two, target(), "ed25519.pem");
        assertSignsAgain(SigningRecord.check(target(), set(withHex)), "the set of images changed");
    }

    private void rewriteRecord(Function<String, String> edit) throws IOException {
        Files.writeString(record, edit.apply(Files.readString(record, StandardCharsets.ISO_8859_1)),
                StandardCharsets.ISO_8859_1);
    }
}
