package org.zephyrsign.signer.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.zephyrsign.IoReasons;
import org.zephyrsign.signer.SignerConfigException;

/**
 * The TLS context of a remote signer: the CAs it trusts (the JDK's, or a PEM bundle instead) and
 * the client certificate it shows for mutual TLS (PKCS#12, or PEM certificate chain and key).
 * There is no way to switch verification off; host names are checked by the HTTP client.
 */
final class TlsMaterial {
    private static final int MAX_FILE = 1 << 20;

    private TlsMaterial() {
    }

    /** The context for these settings; problems with the files name the file and the backend. */
    static SSLContext context(HttpSettings s, String backend) {
        try {
            TrustManagerFactory tmf = null;
            if (s.caBundle() != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(s.caBundle(), backend, "CA bundle")) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                if (i == 0) {
                    throw new SignerConfigException(backend + " signer: CA bundle " + s.caBundle()
                            + " holds no PEM certificate");
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (s.clientCertificate() != null) {
                char[] password = s.clientCertificatePassword() == null ? new char[0]
                        : s.clientCertificatePassword().get();
                try {
                    KeyStore keys = clientKeyStore(s, password, backend);
                    kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    kmf.init(keys, password);
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new SignerConfigException(backend + " signer: cannot set up TLS: " + e.getMessage());
        }
    }

    private static KeyStore clientKeyStore(HttpSettings s, char[] password, String backend)
            throws GeneralSecurityException, IOException {
        Path file = s.clientCertificate();
        byte[] bytes = read(file, backend, "client certificate");
        if (!looksPem(bytes)) {
            KeyStore p12 = KeyStore.getInstance("PKCS12");
            try {
                p12.load(new ByteArrayInputStream(bytes), password);
            } catch (IOException e) {
                String why = e.getCause() instanceof java.security.UnrecoverableKeyException
                        || String.valueOf(e.getMessage()).contains("password")
                        ? "wrong password (" + s.clientCertificatePasswordSource() + ")"
                        : "not a PKCS#12 file nor PEM";
                throw new SignerConfigException(backend + " signer: client certificate " + file + ": " + why);
            }
            return p12;
        }
        List<Certificate> chain = certificates(file, backend, "client certificate");
        if (chain.isEmpty()) {
            throw new SignerConfigException(backend + " signer: client certificate " + file
                    + " holds no PEM certificate");
        }
        Path keyFile = s.clientKey() != null ? s.clientKey() : file;
        PrivateKey key = pemPrivateKey(keyFile, password, backend, s.clientCertificatePasswordSource());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
        return ks;
    }

    private static PrivateKey pemPrivateKey(Path file, char[] password, String backend, String passwordSource)
            throws IOException {
        String text = new String(read(file, backend, "client key"), StandardCharsets.US_ASCII);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                try {
                    if (o instanceof PrivateKeyInfo pki) {
                        return converter.getPrivateKey(pki);
                    }
                    if (o instanceof PEMKeyPair kp) {
                        return converter.getKeyPair(kp).getPrivate();
                    }
                    if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                        return converter.getPrivateKey(enc.decryptPrivateKeyInfo(
                                new JceOpenSSLPKCS8DecryptorProviderBuilder().build(password)));
                    }
                    if (o instanceof PEMEncryptedKeyPair enc) {
                        return converter.getKeyPair(enc.decryptKeyPair(
                                new JcePEMDecryptorProviderBuilder().build(password))).getPrivate();
                    }
                } catch (Exception e) {
                    throw new SignerConfigException(backend + " signer: client key " + file + " cannot be read"
                            + (passwordSource == null ? " (encrypted keys need clientCertificatePassword)"
                            : " with the password from " + passwordSource));
                }
            }
        }
        throw new SignerConfigException(backend + " signer: " + file + " holds no PEM private key for the client "
                + "certificate (name it with clientKey)");
    }

    private static List<Certificate> certificates(Path file, String backend, String what) {
        byte[] bytes = read(file, backend, what);
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(onlyCertificates(bytes)));
            return new ArrayList<>(certs);
        } catch (CertificateException e) {
            throw new SignerConfigException(backend + " signer: " + what + " " + file + " is not PEM certificates");
        }
    }

    /** The CERTIFICATE blocks of a PEM file: a bundle may hold comments, a key, other blocks. */
    private static byte[] onlyCertificates(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN CERTIFICATE-----", at);
            if (begin < 0) {
                break;
            }
            int end = text.indexOf("-----END CERTIFICATE-----", begin);
            if (end < 0) {
                break;
            }
            end += "-----END CERTIFICATE-----".length();
            out.append(text, begin, end).append('\n');
            at = end;
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean looksPem(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    }

    private static byte[] read(Path file, String backend, String what) {
        return IoReasons.readSmall(file, MAX_FILE,
                reason -> new SignerConfigException(backend + " signer: " + what + " " + file + ": " + reason));
    }
}
