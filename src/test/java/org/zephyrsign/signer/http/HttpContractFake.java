package org.zephyrsign.signer.http;

import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.zephyrsign.crypto.PemKeys;
import org.zephyrsign.crypto.SignatureCodec;
import org.zephyrsign.Json;
import org.zephyrsign.signer.remote.LoopbackHttpsServer;
import org.zephyrsign.signer.remote.TestCa;

/**
 * An in-house signing service on 127.0.0.1 speaking the {@code http} signer's documented contract
 * (README, "http"): {@code GET BASE/keys/ID}, {@code POST BASE/keys/ID/sign}, errors as
 * {@code {"error", "code"}}. It checks the bearer token (when it has one) and, when asked to, the
 * client certificate in the TLS handshake; it holds real keys and signs what the contract says
 * (ECDSA and RSA-PSS salt 32 over the prehashed digest, Ed25519 over the message).
 */
public class HttpContractFake extends LoopbackHttpsServer {
    /** A key the service holds. */
    public static final class Key {
        final String algorithm;
        final KeyPair pair;
        boolean disabled;

        Key(String algorithm, KeyPair pair) {
            this.algorithm = algorithm;
            this.pair = pair;
        }

        public Key disable() {
            disabled = true;
            return this;
        }
    }

    private final String base;
    private final String token;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    /** Answer ECDSA signatures as raw r||s with "signatureEncoding": "raw" (else DER). */
    public volatile boolean rawEcdsa;
    /** Answer the public key in every sign answer too. */
    public volatile boolean publicKeyInAnswer;

    /**
     * @param base the path prefix, e.g. "/api/v1"
     * @param token the bearer token required, or null for none (mTLS alone)
     */
    public HttpContractFake(TestCa ca, boolean mutualTls, String base, String token) {
        super(ca, mutualTls);
        this.base = base;
        this.token = token;
    }

    /** A key from a PEM private key file; algorithm as the contract names it. */
    public Key addKey(String id, String algorithm, Path privatePem) {
        try {
            PemKeys.PemKey pem = PemKeys.read(privatePem);
            String jca = algorithm.startsWith("rsa") ? "RSA" : algorithm.startsWith("ecdsa") ? "EC" : "Ed25519";
            KeyFactory f = KeyFactory.getInstance(jca);
            Key k = new Key(algorithm, new KeyPair(
                    f.generatePublic(new X509EncodedKeySpec(pem.publicKey().getEncoded())),
                    f.generatePrivate(new PKCS8EncodedKeySpec(pem.privateKey().getEncoded()))));
            keys.put(id, k);
            return k;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String pem(KeyPair kp) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(kp.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static Answer error(int status, String code, String message) {
        return Answer.json(status, Json.write(Json.object("error", message, "code", code)));
    }

    @Override
    protected Answer handle(Request r) {
        if (token != null && !("Bearer " + token).equals(r.header("Authorization"))) {
            return error(401, "UNAUTHENTICATED", "missing or invalid bearer token");
        }
        String prefix = base + "/keys/";
        if (!r.path().startsWith(prefix)) {
            return error(404, "NOT_FOUND", "no such endpoint");
        }
        String rest = r.path().substring(prefix.length());
        boolean sign = rest.endsWith("/sign");
        String id = sign ? rest.substring(0, rest.length() - 5) : rest;
        Key k = keys.get(id);
        if (k == null) {
            return error(404, "KEY_NOT_FOUND", "no key '" + id + "'");
        }
        if (!sign && r.method().equals("GET")) {
            return Answer.json(200, Json.write(Json.object("keyId", id, "algorithm", k.algorithm, "enabled",
                    !k.disabled, "publicKey", pem(k.pair))));
        }
        if (!sign || !r.method().equals("POST")) {
            return error(405, "METHOD", "GET a key, POST its /sign");
        }
        if (k.disabled) {
            return error(409, "KEY_DISABLED", "key '" + id + "' is disabled");
        }
        Map<String, Object> body = Json.parseObject(r.body());
        if (!k.algorithm.equals(body.get("algorithm"))) {
            return error(400, "WRONG_ALGORITHM", "key '" + id + "' signs " + k.algorithm + ", not "
                    + body.get("algorithm"));
        }
        try {
            byte[] signature;
            if (k.algorithm.equals("ed25519")) {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(k.pair.getPrivate());
                s.update(Base64.getDecoder().decode((String) body.get("message")));
                signature = s.sign();
            } else {
                if (!Boolean.TRUE.equals(body.get("prehashed"))) {
                    return error(400, "BAD_REQUEST", "ECDSA and RSA sign the prehashed digest");
                }
                byte[] digest = Base64.getDecoder().decode((String) body.get("digest"));
                if (k.algorithm.startsWith("ecdsa")) {
                    Signature s = Signature.getInstance("NONEwithECDSA");
                    s.initSign(k.pair.getPrivate());
                    s.update(digest);
                    signature = s.sign();
                    if (rawEcdsa) {
                        signature = SignatureCodec.rawFromDer(signature, k.algorithm.contains("p384") ? 48 : 32);
                    }
                } else {
                    PSSSigner s = PSSSigner.createRawSigner(new RSABlindedEngine(), new SHA256Digest(),
                            new SHA256Digest(), 32, PSSSigner.TRAILER_IMPLICIT);
                    s.init(true, new ParametersWithRandom(PrivateKeyFactory.createKey(
                            k.pair.getPrivate().getEncoded()), new SecureRandom()));
                    s.update(digest, 0, digest.length);
                    signature = s.generateSignature();
                }
            }
            Map<String, Object> answer = Json.object("signature", Base64.getEncoder().encodeToString(signature),
                    "signatureEncoding", rawEcdsa && k.algorithm.startsWith("ecdsa") ? "raw" : "der");
            if (publicKeyInAnswer) {
                answer.put("publicKey", pem(k.pair));
            }
            return Answer.json(200, Json.write(answer));
        } catch (Exception e) {
            return error(500, "INTERNAL", e.toString());
        }
    }
}
