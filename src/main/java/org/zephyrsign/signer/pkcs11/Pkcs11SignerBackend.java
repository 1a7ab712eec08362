package org.zephyrsign.signer.pkcs11;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.SignerBackend;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.SignerParameter;

/** {@code pkcs11}: a key on a PKCS#11 token: network HSMs, USB tokens, cloud HSM libraries. */
public final class Pkcs11SignerBackend implements SignerBackend {
    @Override
    public String type() {
        return "pkcs11";
    }

    @Override
    public String summary() {
        return "a non-extractable key on a PKCS#11 token (HSM, USB token, cloud HSM library)";
    }

    @Override
    public List<SignerParameter> parameters() {
        return List.of(
                new SignerParameter("uri", "an RFC 7512 pkcs11: URI naming module, token and key (explicit "
                        + "parameters override its parts)"),
                new SignerParameter("library", "the PKCS#11 module (the HSM vendor's .so)"),
                new SignerParameter("token", "the token's label"),
                new SignerParameter("serial", "the token's serial number"),
                new SignerParameter("slot", "the slot id"),
                new SignerParameter("keyLabel", "the key's label (CKA_LABEL)"),
                new SignerParameter("keyId", "the key's id (CKA_ID), in hex"),
                new SignerParameter("algorithm", "insist on a key type: ed25519, ecdsa-p256, ecdsa-p384, rsa-2048 "
                        + "or rsa-3072"),
                new SignerParameter("serverId", "the settings.xml <server> whose password is the PIN"),
                new SignerParameter("pin", "where the PIN comes from: env:NAME or file:PATH, never the PIN itself"));
    }

    @Override
    public ImageSigner open(SignerConfig config, SignerLog log) {
        return Pkcs11Signer.open(Pkcs11KeySpecs.fromConfig(config, log), log);
    }

    /**
     * Module, token and key as the parameters select them; not the PIN nor where it comes from. A
     * key replaced on the token under the same label and id is not seen here (-Dzephyr.force).
     */
    @Override
    public String keyIdentity(SignerConfig config) {
        Pkcs11Signer.KeySpec spec = Pkcs11KeySpecs.fromConfig(config);
        return "pkcs11, library " + spec.library().toAbsolutePath().normalize() + ", token " + spec.token()
                + ", serial " + spec.serial() + ", slot " + spec.slotId() + ", key label " + spec.keyLabel()
                + ", key id " + (spec.keyId() == null ? null : HexFormat.of().formatHex(spec.keyId()))
                + ", algorithm " + spec.algorithm();
    }

    @Override
    public Map<String, String> fromKeyReference(String reference) {
        return Pkcs11Uri.isPkcs11Uri(reference) ? Map.of("uri", reference) : null;
    }
}
