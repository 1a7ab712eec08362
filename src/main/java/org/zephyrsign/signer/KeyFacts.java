package org.zephyrsign.signer;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a signer can tell about its key for a signing record: how the key is referred to and
 * whether it can leave the HSM or vault. Never a secret: no PIN, token or password, nor where one
 * comes from.
 *
 * @param keyReference what selects the key (a PKCS#11 URI without PIN, a vault key name, a KMS key
 *     id, a key file's name), or null when the signer has none better than its description
 * @param nonExtractable whether the key cannot be taken out now (PKCS#11: CKA_EXTRACTABLE false and
 *     CKA_SENSITIVE true); null when the signer cannot tell
 * @param neverExtractable whether it never could (PKCS#11: CKA_NEVER_EXTRACTABLE and
 *     CKA_ALWAYS_SENSITIVE true), so it was made where it is; null when the signer cannot tell
 * @param attributes further facts, as text, sorted by name (token label, CKA_* values, ...)
 */
public record KeyFacts(String keyReference, Boolean nonExtractable, Boolean neverExtractable,
        Map<String, String> attributes) {
    /** A signer that tells nothing about its key. */
    public static final KeyFacts UNKNOWN = new KeyFacts(null, null, null, Map.of());

    public KeyFacts {
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }
}
