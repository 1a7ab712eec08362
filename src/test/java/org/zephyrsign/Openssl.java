package org.zephyrsign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.SignatureAlgorithm;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.image.TlvType;

/**
 * OpenSSL, the library under imgtool's Python cryptography, as an independent judge of an image:
 * it recomputes the image hash and verifies a signature over a digest, so our verifier is not the
 * only one that says our images are right.
 */
public final class Openssl {
    private Openssl() {
    }

    /** OpenSSL recomputes the hash TLV of an (unencrypted) image and verifies its signature TLV. */
    public static void acceptsImage(byte[] image, ParsedImage parsed, McubootPublicKey key, Path tmp)
            throws Exception {
        HashAlgorithm hash = null;
        for (HashAlgorithm h : HashAlgorithm.values()) {
            if (parsed.find(TlvType.hash(h)) != null) {
                hash = h;
            }
        }
        Path hashed = Files.write(tmp.resolve("hashed.bin"), Arrays.copyOf(image, parsed.tlvOffset()));
        byte[] digest = run("openssl", "dgst", "-" + hash.name().toLowerCase(Locale.ROOT), "-binary",
                hashed.toString());
        assertArrayEquals(parsed.find(TlvType.hash(hash)).value(), digest, "hash TLV, as OpenSSL computes it");
        verifiesDigestSignature(key, hash, digest, parsed.find(TlvType.signature(key.algorithm())).value(), tmp);
    }

    /** OpenSSL verifies a signature over a digest the way MCUboot does for this key type. */
    public static void verifiesDigestSignature(McubootPublicKey key, HashAlgorithm hash, byte[] digest,
            byte[] signature, Path tmp) throws Exception {
        Path digestFile = Files.write(tmp.resolve("digest.bin"), digest);
        Path sig = Files.write(tmp.resolve("sig.bin"), signature);
        Path pem = Files.writeString(tmp.resolve("pub.pem"), key.pem());
        List<String> verify = new ArrayList<>(List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                pem.toString(), "-in", digestFile.toString(), "-sigfile", sig.toString()));
        if (key.algorithm() == SignatureAlgorithm.ED25519) {
            verify.add("-rawin"); // the digest is the Ed25519 message
        } else {
            verify.addAll(List.of("-pkeyopt", "digest:" + hash.name().toLowerCase(Locale.ROOT)));
        }
        if (key.algorithm().isRsa()) {
            verify.addAll(List.of("-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "rsa_pss_saltlen:32",
                    "-pkeyopt", "rsa_mgf1_md:sha256"));
        }
        assertEquals("Signature Verified Successfully", new String(run(verify.toArray(String[]::new)),
                StandardCharsets.UTF_8).strip());
    }

    private static byte[] run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return out;
    }
}
