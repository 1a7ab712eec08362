package org.zephyrsign.crypto;

import java.util.List;

/** The signature schemes MCUboot verifies, with the hashes each allows. */
public enum SignatureAlgorithm {
    ED25519("ED25519", 64, List.of(HashAlgorithm.SHA256, HashAlgorithm.SHA512)),
    ECDSA_P256("ECDSA256_SHA256", 72, List.of(HashAlgorithm.SHA256)),
    ECDSA_P384("ECDSA384_SHA384", 104, List.of(HashAlgorithm.SHA384)),
    RSA_2048("RSA2048", 256, List.of(HashAlgorithm.SHA256)),
    RSA_3072("RSA3072", 384, List.of(HashAlgorithm.SHA256));

    private final String imgtoolName;
    private final int maxSignatureLength;
    private final List<HashAlgorithm> allowedHashes;

    SignatureAlgorithm(String imgtoolName, int maxSignatureLength, List<HashAlgorithm> allowedHashes) {
        this.imgtoolName = imgtoolName;
        this.maxSignatureLength = maxSignatureLength;
        this.allowedHashes = allowedHashes;
    }

    /** The name imgtool uses in its messages ("ECDSA256_SHA256"). */
    public String imgtoolName() {
        return imgtoolName;
    }

    /** Longest signature value: fixed for Ed25519 and RSA, the DER maximum for ECDSA. */
    public int maxSignatureLength() {
        return maxSignatureLength;
    }

    public List<HashAlgorithm> allowedHashes() {
        return allowedHashes;
    }

    /** The hash imgtool picks for {@code --sha auto}. */
    public HashAlgorithm defaultHash() {
        return allowedHashes.get(0);
    }

    public boolean isEcdsa() {
        return this == ECDSA_P256 || this == ECDSA_P384;
    }

    public boolean isRsa() {
        return this == RSA_2048 || this == RSA_3072;
    }

    /** Bytes of one ECDSA scalar (r or s); 0 for the other schemes. */
    public int ecdsaScalarLength() {
        return this == ECDSA_P256 ? 32 : this == ECDSA_P384 ? 48 : 0;
    }

    /** The Kconfig choice MCUboot's build uses for this key (CONFIG_BOOT_SIGNATURE_TYPE_...). */
    public String bootSignatureType() {
        return switch (this) {
            case ED25519 -> "ED25519";
            case ECDSA_P256 -> "ECDSA_P256";
            case ECDSA_P384 -> "ECDSA_P384";
            case RSA_2048, RSA_3072 -> "RSA";
        };
    }
}
