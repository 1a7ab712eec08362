package org.zephyrsign.signer.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority made at test time (nothing of it is committed): a P-256 CA
 * certificate, server certificates for 127.0.0.1/localhost and client certificates for mutual TLS,
 * written as the files users have (CA bundle PEM, PKCS#12, PEM certificate + key). The loopback
 * fakes of every remote backend serve TLS with it ({@link LoopbackHttpsServer}).
 */
public final class TestCa {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path directory;
    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final Path caPem;

    private TestCa(Path directory, KeyPair caKeys, X509Certificate caCert, Path caPem) {
        this.directory = directory;
        this.caKeys = caKeys;
        this.caCert = caCert;
        this.caPem = caPem;
    }

    /** A new CA; its certificate is written to {@code directory/NAME-ca.pem}. */
    public static TestCa create(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            KeyPair keys = ecKeys();
            X500Name subject = new X500Name("CN=" + name + " test CA");
            X509v3CertificateBuilder b = builder(subject, subject, keys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate cert = sign(b, keys);
            Path pem = directory.resolve(name + "-ca.pem");
            Files.writeString(pem, pem(cert));
            return new TestCa(directory, keys, cert, pem);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CA certificate as a PEM bundle file: what {@code caBundle} names. */
    public Path caPem() {
        return caPem;
    }

    public X509Certificate certificate() {
        return caCert;
    }

    /** A key store with a server certificate for 127.0.0.1 and localhost (password "changeit"). */
    public KeyStore serverKeyStore() {
        return leaf("CN=127.0.0.1", true);
    }

    /** A client certificate (key store, password "changeit") for mutual TLS. */
    public KeyStore clientKeyStore(String commonName) {
        return leaf("CN=" + commonName, false);
    }

    /** A client certificate as a PKCS#12 file with this password. */
    public Path clientPkcs12(String commonName, String password) {
        try {
            KeyStore ks = clientKeyStore(commonName);
            KeyStore out = KeyStore.getInstance("PKCS12");
            out.load(null, null);
            out.setKeyEntry("client", ks.getKey("leaf", "changeit".toCharArray()), password.toCharArray(),
                    ks.getCertificateChain("leaf"));
            Path file = directory.resolve(commonName + ".p12");
            try (OutputStream o = Files.newOutputStream(file)) {
                out.store(o, password.toCharArray());
            }
            return file;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client certificate as one PEM file: certificate, then its unencrypted PKCS#8 key. */
    public Path clientPem(String commonName) {
        try {
            KeyStore ks = clientKeyStore(commonName);
            StringWriter s = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(s)) {
                w.writeObject(ks.getCertificate("leaf"));
                w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(
                        (java.security.PrivateKey) ks.getKey("leaf", "changeit".toCharArray()), null));
            }
            Path file = directory.resolve(commonName + ".pem");
            Files.writeString(file, s.toString());
            return file;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore leaf(String subject, boolean server) {
        try {
            KeyPair keys = ecKeys();
            X509v3CertificateBuilder b = builder(new X500Name(caCert.getSubjectX500Principal().getName()),
                    new X500Name(subject), keys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            if (server) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            X509Certificate cert = sign(b, caKeys);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("leaf", keys.getPrivate(), "changeit".toCharArray(),
                    new java.security.cert.Certificate[] {cert, caCert});
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(2, ChronoUnit.DAYS)), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuerKeys) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    static String pem(Object o) {
        try {
            StringWriter s = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(s)) {
                w.writeObject(o);
            }
            return s.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
