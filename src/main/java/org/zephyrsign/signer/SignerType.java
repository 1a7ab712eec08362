package org.zephyrsign.signer;

import java.util.Arrays;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.signer.pkcs11.Pkcs11KeySpecs;
import org.zephyrsign.signer.pkcs11.Pkcs11Signer;
import org.zephyrsign.signer.pkcs11.Pkcs11Uri;

/**
 * The registry of signer backends. Each constant checks its own parameters, naming the one that is
 * missing, and opens its signer; a new backend is one class and one constant here.
 */
public enum SignerType {
    /** A private key in a PEM file: development keys and tests. */
    PEM("pem") {
        @Override
        public ImageSigner open(SignerConfig config, SignerLog log) {
            return PemKeySigner.open(config.requirePath("keyFile"), log);
        }

        @Override
        public McubootPublicKey publicKey(SignerConfig config, SignerLog log) {
            return PemKeys.publicKey(config.requirePath("keyFile"));
        }
    },
    /**
     * A signature made elsewhere (offline ceremony, a tool of the security team): the public key
     * and the signature file are given, and the signature is checked before it is used.
     */
    DETACHED("detached") {
        @Override
        public ImageSigner open(SignerConfig config, SignerLog log) {
            return DetachedSigner.open(config.requirePath("publicKey"), config.requirePath("signatureFile"));
        }

        @Override
        public McubootPublicKey publicKey(SignerConfig config, SignerLog log) {
            return PemKeys.publicKey(config.requirePath("publicKey"));
        }
    },

    /** A key on a PKCS#11 token: HSMs, USB tokens, cloud HSM libraries. */
    PKCS11("pkcs11") {
        @Override
        public ImageSigner open(SignerConfig config, SignerLog log) {
            return Pkcs11Signer.open(Pkcs11KeySpecs.fromConfig(config), log);
        }

        @Override
        public McubootPublicKey publicKey(SignerConfig config, SignerLog log) {
            try (ImageSigner signer = open(config, log)) {
                return signer.publicKey();
            }
        }
    };

    private final String id;

    SignerType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Opens the backend; the caller closes the signer when the build is done with it. */
    public abstract ImageSigner open(SignerConfig config, SignerLog log);

    /** The key's public half without signing anything (for getpub and the bootloader build). */
    public abstract McubootPublicKey publicKey(SignerConfig config, SignerLog log);

    /** Looks a type up by its id; an unknown one fails with the list of valid ids. */
    public static SignerType of(String id) {
        for (SignerType t : values()) {
            if (t.id.equalsIgnoreCase(id == null ? "" : id.trim())) {
                return t;
            }
        }
        throw new SignerException("unknown signer type '" + id + "'; valid types: "
                + String.join(", ", Arrays.stream(values()).map(SignerType::id).toList()));
    }

    /**
     * The signer a command-line {@code -k} value names: an RFC 7512 {@code pkcs11:} URI, or a PEM
     * file path (optionally written {@code pem:PATH}).
     */
    public static SignerConfig fromKeyReference(String reference) {
        if (Pkcs11Uri.isPkcs11Uri(reference)) {
            return new SignerConfig(PKCS11, java.util.Map.of("uri", reference), name -> "-k/--key (" + name + ")",
                    Secrets.fromEnvironment(), true);
        }
        String path = reference.startsWith("pem:") ? reference.substring(4) : reference;
        return new SignerConfig(PEM, java.util.Map.of("keyFile", path), name -> "-k/--key",
                Secrets.fromEnvironment(), true);
    }
}
