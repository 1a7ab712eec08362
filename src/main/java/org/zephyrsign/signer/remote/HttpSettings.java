package org.zephyrsign.signer.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerConfigException;
import org.zephyrsign.signer.SignerParameter;

/**
 * How a remote signer's HTTPS client behaves: timeouts, retries, which CAs it trusts, which client
 * certificate it shows, which proxy it goes through. Every HTTP backend takes the same parameters
 * ({@link #PARAMETERS}, spelled the same in every backend) and reads them with {@link #fromConfig}.
 * TLS is always verified: a custom CA bundle replaces the JDK's trusted roots, nothing turns
 * checking off.
 *
 * @param caBundle PEM file of the CA certificates to trust instead of the JDK's; null for the JDK's
 * @param clientCertificate PKCS#12 file, or PEM with the certificate chain (and the key, unless
 *     {@code clientKey} names it), for mutual TLS; null for none
 * @param clientKey PEM private key of the client certificate, when not inside it; null otherwise
 * @param clientCertificatePassword the PKCS#12 (or encrypted PEM key) password, resolved when the
 *     client is made; null for none
 * @param clientCertificatePasswordSource where that password comes from, for messages
 * @param proxies the front end's proxies (Maven settings); when empty, HTTPS_PROXY/NO_PROXY apply
 * @param environment reads environment variables (HTTPS_PROXY, NO_PROXY and their lower-case forms)
 */
public record HttpSettings(Duration connectTimeout, Duration readTimeout, int retries, Path caBundle,
        Path clientCertificate, Path clientKey, Supplier<char[]> clientCertificatePassword,
        String clientCertificatePasswordSource, List<SignerConfig.Proxy> proxies,
        java.util.function.Function<String, String> environment) {

    public static final String CA_BUNDLE = "caBundle";
    public static final String CLIENT_CERTIFICATE = "clientCertificate";
    public static final String CLIENT_KEY = "clientKey";
    public static final String CLIENT_CERTIFICATE_PASSWORD = "clientCertificatePassword";
    public static final String CONNECT_TIMEOUT = "connectTimeout";
    public static final String TIMEOUT = "timeout";
    public static final String RETRIES = "retries";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_RETRIES = 4;

    /** The parameters every HTTP backend takes, after its own. */
    public static final List<SignerParameter> PARAMETERS = List.of(
            new SignerParameter(CA_BUNDLE, "PEM file of the CA certificates to trust for the service, instead of "
                    + "the JDK's (TLS is always verified)"),
            new SignerParameter(CLIENT_CERTIFICATE, "client certificate for mutual TLS: a PKCS#12 file, or a PEM "
                    + "file with the certificate chain (and the key unless clientKey names it)"),
            new SignerParameter(CLIENT_KEY, "the client certificate's PEM private key, when it is a file of its own"),
            new SignerParameter(CLIENT_CERTIFICATE_PASSWORD, "where the PKCS#12 or encrypted key password comes "
                    + "from: env:NAME, file:PATH or mvn:SERVER_ID"),
            new SignerParameter(CONNECT_TIMEOUT, "seconds to wait for a connection (default 10)"),
            new SignerParameter(TIMEOUT, "seconds to wait for each answer (default 60)"),
            new SignerParameter(RETRIES, "retries on HTTP 429, 5xx and connection resets, with capped exponential "
                    + "backoff and jitter, honouring Retry-After (default 4; never on 401/403)"));

    /**
     * Reads {@link #PARAMETERS} from a backend's configuration; anything malformed is a
     * {@link SignerConfigException} naming the parameter as the front end spells it.
     *
     * @param defaultCaBundle a backend's own convention (Vault's VAULT_CACERT), used when caBundle is unset; may be null
     */
    public static HttpSettings fromConfig(SignerConfig config, String defaultCaBundle) {
        String type = config.backend().type();
        Duration connect = seconds(config, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
        Duration read = seconds(config, TIMEOUT, DEFAULT_READ_TIMEOUT);
        int retries = DEFAULT_RETRIES;
        if (config.get(RETRIES) != null) {
            retries = integer(config, RETRIES, 0, 20);
        }
        String ca = config.get(CA_BUNDLE) != null ? config.get(CA_BUNDLE) : defaultCaBundle;
        Path caBundle = ca == null ? null : config.path(ca);
        Path cert = config.get(CLIENT_CERTIFICATE) == null ? null : config.requirePath(CLIENT_CERTIFICATE);
        Path key = config.get(CLIENT_KEY) == null ? null : config.requirePath(CLIENT_KEY);
        if (key != null && cert == null) {
            throw new SignerConfigException(type + " signer: " + name(config, CLIENT_KEY) + " needs "
                    + name(config, CLIENT_CERTIFICATE));
        }
        String passwordRef = config.get(CLIENT_CERTIFICATE_PASSWORD);
        Supplier<char[]> password = null;
        if (passwordRef != null) {
            String what = type + " signer: " + name(config, CLIENT_CERTIFICATE_PASSWORD);
            if (!org.zephyrsign.signer.Secrets.isReference(passwordRef)) {
                throw new SignerConfigException(what + " must be a reference (" + config.secrets().referenceForms()
                        + "), not the password itself");
            }
            password = () -> config.secrets().resolve(passwordRef, what);
        }
        return new HttpSettings(connect, read, retries, caBundle, cert, key, password, passwordRef,
                config.proxies(), config.secrets()::environmentVariable);
    }

    /** A key for sharing one client among signers of a build: equal settings, one client. */
    String sharingKey() {
        return connectTimeout + "|" + readTimeout + "|" + retries + "|" + caBundle + "|" + clientCertificate + "|"
                + clientKey + "|" + clientCertificatePasswordSource + "|" + proxies;
    }

    private static Duration seconds(SignerConfig config, String name, Duration fallback) {
        return config.get(name) == null ? fallback : Duration.ofSeconds(integer(config, name, 1, 3600));
    }

    private static int integer(SignerConfig config, String name, int min, int max) {
        String v = config.get(name);
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SignerConfigException(config.backend().type() + " signer: " + name(config, name) + " must be a "
                + "whole number from " + min + " to " + max + ", not '" + v + "'");
    }

    static String name(SignerConfig config, String parameter) {
        String d = config.describe(parameter);
        return d == null ? parameter : d;
    }
}
