package org.zephyrsign.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.apache.maven.project.MavenProject;
import org.zephyrsign.ZephyrSignException;
import org.zephyrsign.crypto.EncryptionKey;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.crypto.PublishedKeys;
import org.zephyrsign.image.ImageOption;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.ParsedImage;
import org.zephyrsign.image.PublishedImageKey;
import org.zephyrsign.imageset.PublicKeyCache;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.Secrets;
import org.zephyrsign.signer.SignerException;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerBackend;
import org.zephyrsign.signer.SignerBackends;

/**
 * What every goal shares: skipping, the signer configuration, and the one place where core
 * exceptions become Maven failures that name the POM element and its {@code -D} form.
 */
public abstract class AbstractZephyrMojo extends AbstractMojo {
    private static final String SIGNER_PROPERTY_PREFIX = "zephyr.signer.";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Component
    private SettingsDecrypter settingsDecrypter;

    /**
     * Do the work even when nothing changed: zephyr:sign signs an up-to-date image again, and every
     * goal asks the signer for its public key instead of using the one it answered last time.
     */
    @Parameter(property = "zephyr.force", defaultValue = "false")
    private boolean force;

    /** Skips this goal. */
    @Parameter(property = "zephyr.skip", defaultValue = "false")
    private boolean skip;

    /**
     * The signer: {@code <type>} picks the backend, the other children are that backend's parameters
     * (a child it does not take is an error). Each can also be set as
     * {@code -Dzephyr.signer.NAME=VALUE}, e.g. {@code -Dzephyr.signer.type=pkcs11}, which wins over
     * the POM. Relative paths are relative to the project directory. Secrets never go here: a PIN is
     * named by where it comes from. The types and their parameters:
     * <ul>
     * <li>type {@code pem}: a private key in a PEM file: development keys only.
     * <ul>
     * <li>{@code keyFile} (pem): the private key PEM (PKCS#8, SEC1 or PKCS#1)</li>
     * </ul></li>
     * <li>type {@code detached}: a signature made elsewhere, checked against the public key before it
     * is used.
     * <ul>
     * <li>{@code publicKey} (detached): the signing key's public half (PEM)</li>
     * <li>{@code signatureFile} (detached): the signature: base64, raw, or DER (ECDSA), as imgtool's
     * --fix-sig, openssl or an HSM tool writes it; several files separated by commas (a compressed
     * image needs two signatures); only zephyr:sign needs it</li>
     * </ul></li>
     * <li>type {@code pkcs11}: a non-extractable key on a PKCS#11 token (HSM, USB token, cloud HSM
     * library).
     * <ul>
     * <li>{@code uri} (pkcs11): an RFC 7512 pkcs11: URI naming module, token and key (explicit
     * parameters override its parts)</li>
     * <li>{@code library} (pkcs11): the PKCS#11 module (the HSM vendor's .so)</li>
     * <li>{@code token} (pkcs11): the token's label</li>
     * <li>{@code serial} (pkcs11): the token's serial number</li>
     * <li>{@code slot} (pkcs11): the slot id</li>
     * <li>{@code keyLabel} (pkcs11): the key's label (CKA_LABEL)</li>
     * <li>{@code keyId} (pkcs11): the key's id (CKA_ID), in hex</li>
     * <li>{@code algorithm} (pkcs11): insist on a key type: ed25519, ecdsa-p256, ecdsa-p384,
     * rsa-2048 or rsa-3072</li>
     * <li>{@code serverId} (pkcs11): the settings.xml {@code <server>} whose password is the PIN</li>
     * <li>{@code pin} (pkcs11): where the PIN comes from: env:NAME or file:PATH, never the PIN itself</li>
     * </ul></li>
     * <li>type {@code vault}: a key in a HashiCorp Vault or OpenBao transit secrets engine.
     * <ul>
     * <li>{@code address} (vault): the Vault address, https://HOST:PORT (default: VAULT_ADDR)</li>
     * <li>{@code mount} (vault): the transit engine's mount path (default transit)</li>
     * <li>{@code key} (vault): the transit key's name</li>
     * <li>{@code keyVersion} (vault): the key version to sign with (default: the latest; set it so that an unchanged build is not signed again)</li>
     * <li>{@code namespace} (vault): the Vault Enterprise/HCP namespace (default: VAULT_NAMESPACE)</li>
     * <li>{@code token} (vault): where the Vault token comes from: env:NAME, file:PATH or mvn:SERVER_ID (default: env:VAULT_TOKEN, else ~/.vault-token as vault login leaves it)</li>
     * <li>{@code serverId} (vault): the settings.xml {@code <server>} whose password is the Vault token</li>
     * <li>{@code roleId} (vault): AppRole login: the role id (or env:NAME/file:PATH)</li>
     * <li>{@code secretId} (vault): AppRole login: where the secret id comes from: env:NAME, file:PATH or mvn:SERVER_ID</li>
     * <li>{@code authMount} (vault): AppRole login: the auth method's mount path (default approle)</li>
     * <li>{@code caBundle} (vault): PEM file of the CA certificates to trust for the service, instead of the JDK's (TLS is always verified)</li>
     * <li>{@code clientCertificate} (vault): client certificate for mutual TLS: a PKCS#12 file, or a PEM file with the certificate chain (and the key unless clientKey names it)</li>
     * <li>{@code clientKey} (vault): the client certificate's PEM private key, when it is a file of its own</li>
     * <li>{@code clientCertificatePassword} (vault): where the PKCS#12 or encrypted key password comes from: env:NAME, file:PATH or mvn:SERVER_ID</li>
     * <li>{@code connectTimeout} (vault): seconds to wait for a connection (default 10)</li>
     * <li>{@code timeout} (vault): seconds to wait for each answer (default 60)</li>
     * <li>{@code retries} (vault): retries on HTTP 429, 5xx and connection resets, with capped exponential backoff and jitter, honouring Retry-After (default 4; never on 401/403)</li>
     * </ul></li>
     * <li>type {@code http}: an in-house HTTPS signing service speaking this plugin's JSON contract.
     * <ul>
     * <li>{@code url} (http): the service's base URL, https://HOST[:PORT]/BASE (requests go to BASE/keys/KEY_ID and BASE/keys/KEY_ID/sign)</li>
     * <li>{@code keyId} (http): the key's id at the service</li>
     * <li>{@code token} (http): where the bearer token comes from: env:NAME, file:PATH or mvn:SERVER_ID (none: the client certificate alone authenticates)</li>
     * <li>{@code publicKey} (http): the key's public half (PEM), when the service does not hand it out; checked against what it does hand out</li>
     * <li>{@code caBundle} (http): PEM file of the CA certificates to trust for the service, instead of the JDK's (TLS is always verified)</li>
     * <li>{@code clientCertificate} (http): client certificate for mutual TLS: a PKCS#12 file, or a PEM file with the certificate chain (and the key unless clientKey names it)</li>
     * <li>{@code clientKey} (http): the client certificate's PEM private key, when it is a file of its own</li>
     * <li>{@code clientCertificatePassword} (http): where the PKCS#12 or encrypted key password comes from: env:NAME, file:PATH or mvn:SERVER_ID</li>
     * <li>{@code connectTimeout} (http): seconds to wait for a connection (default 10)</li>
     * <li>{@code timeout} (http): seconds to wait for each answer (default 60)</li>
     * <li>{@code retries} (http): retries on HTTP 429, 5xx and connection resets, with capped exponential backoff and jitter, honouring Retry-After (default 4; never on 401/403)</li>
     * </ul></li>
     * <li>type {@code command}: a command of yours signs (vendor HSM tool, cloud CLI, openssl pkeyutl), with placeholders.
     * <ul>
     * <li>{@code command} (command): the program and its arguments, split at spaces ('...' and "..." group); placeholders: {@code {file}} what to sign (the digest, or the image for pure Ed25519), {@code {digestFile}}, {@code {digest}} (hex), {@code {digestBase64}}, {@code {hash}} (sha256/sha384/sha512), {@code {algorithm}}, {@code {signature}} (where the command writes the signature; without it, its standard output is the signature)</li>
     * <li>{@code publicKey} (command): the key's public half (PEM)</li>
     * <li>{@code publicKeyCommand} (command): instead of publicKey: a command printing the public key PEM</li>
     * <li>{@code shell} (command): true: run the command through /bin/sh -c (placeholders are quoted); default false</li>
     * <li>{@code timeout} (command): seconds the command may take (default 120)</li>
     * <li>{@code signatureEncoding} (command): auto (default: base64 text or raw bytes; DER or r||s for ECDSA), base64, hex or raw</li>
     * </ul></li>
     * <li>type {@code aws-kms}: an asymmetric AWS KMS key, with the AWS default credential chain.
     * <ul>
     * <li>{@code keyId} (aws-kms): the KMS key: key ARN, key id, alias/NAME or alias ARN</li>
     * <li>{@code region} (aws-kms): the AWS region (default: the key ARN's, else AWS_REGION or the profile's)</li>
     * <li>{@code endpoint} (aws-kms): the KMS endpoint URL, for a VPC or FIPS endpoint (default: AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL, else https://kms.REGION.amazonaws.com)</li>
     * <li>{@code profile} (aws-kms): the AWS profile for the credential chain (default: AWS_PROFILE or default)</li>
     * <li>{@code caBundle} (aws-kms): PEM file of the CA certificates to trust for the service, instead of the JDK's (TLS is always verified)</li>
     * <li>{@code clientCertificate} (aws-kms): client certificate for mutual TLS: a PKCS#12 file, or a PEM file with the certificate chain (and the key unless clientKey names it)</li>
     * <li>{@code clientKey} (aws-kms): the client certificate's PEM private key, when it is a file of its own</li>
     * <li>{@code clientCertificatePassword} (aws-kms): where the PKCS#12 or encrypted key password comes from: env:NAME, file:PATH or mvn:SERVER_ID</li>
     * <li>{@code connectTimeout} (aws-kms): seconds to wait for a connection (default 10)</li>
     * <li>{@code timeout} (aws-kms): seconds to wait for each answer (default 60)</li>
     * <li>{@code retries} (aws-kms): retries on HTTP 429, 5xx and connection resets, with capped exponential backoff and jitter, honouring Retry-After (default 4; never on 401/403)</li>
     * </ul></li>
     * <li>type {@code azure-key-vault}: an Azure Key Vault or Managed HSM key, with Azure's credential chain.
     * <ul>
     * <li>{@code keyId} (azure-key-vault): the key identifier: https://VAULT.vault.azure.net/keys/NAME[/VERSION] (the current version when none is named)</li>
     * <li>{@code authorityHost} (azure-key-vault): the Microsoft Entra authority host, for a sovereign cloud (default: AZURE_AUTHORITY_HOST, else https://login.microsoftonline.com/)</li>
     * <li>{@code tenantId} (azure-key-vault): the tenant for workload identity (default: AZURE_TENANT_ID)</li>
     * <li>{@code clientId} (azure-key-vault): the client id of a workload or user-assigned managed identity (default: AZURE_CLIENT_ID)</li>
     * <li>{@code instanceDiscovery} (azure-key-vault): false for an authority Microsoft does not list (Azure Stack Hub, ADFS, a private endpoint): then its metadata is not checked with Microsoft Entra (default true)</li>
     * <li>{@code caBundle} (azure-key-vault): PEM file of the CA certificates to trust for the service, instead of the JDK's (TLS is always verified)</li>
     * <li>{@code clientCertificate} (azure-key-vault): client certificate for mutual TLS: a PKCS#12 file, or a PEM file with the certificate chain (and the key unless clientKey names it)</li>
     * <li>{@code clientKey} (azure-key-vault): the client certificate's PEM private key, when it is a file of its own</li>
     * <li>{@code clientCertificatePassword} (azure-key-vault): where the PKCS#12 or encrypted key password comes from: env:NAME, file:PATH or mvn:SERVER_ID</li>
     * <li>{@code connectTimeout} (azure-key-vault): seconds to wait for a connection (default 10)</li>
     * <li>{@code timeout} (azure-key-vault): seconds to wait for each answer (default 60)</li>
     * <li>{@code retries} (azure-key-vault): retries on HTTP 429, 5xx and connection resets, with capped exponential backoff and jitter, honouring Retry-After (default 4; never on 401/403)</li>
     * </ul></li>
     * <li>type {@code gcp-kms}: a Google Cloud KMS asymmetric-signing key version, with application default credentials.
     * <ul>
     * <li>{@code keyVersion} (gcp-kms): the key version: projects/P/locations/L/keyRings/R/cryptoKeys/K/cryptoKeyVersions/V</li>
     * <li>{@code endpoint} (gcp-kms): the Cloud KMS endpoint URL, for a private or regional endpoint (default https://cloudkms.googleapis.com)</li>
     * <li>{@code credentialsFile} (gcp-kms): a credentials JSON file (service account or external_account workload identity federation) instead of application default credentials</li>
     * <li>{@code caBundle} (gcp-kms): PEM file of the CA certificates to trust for the service, instead of the JDK's (TLS is always verified)</li>
     * <li>{@code clientCertificate} (gcp-kms): client certificate for mutual TLS: a PKCS#12 file, or a PEM file with the certificate chain (and the key unless clientKey names it)</li>
     * <li>{@code clientKey} (gcp-kms): the client certificate's PEM private key, when it is a file of its own</li>
     * <li>{@code clientCertificatePassword} (gcp-kms): where the PKCS#12 or encrypted key password comes from: env:NAME, file:PATH or mvn:SERVER_ID</li>
     * <li>{@code connectTimeout} (gcp-kms): seconds to wait for a connection (default 10)</li>
     * <li>{@code timeout} (gcp-kms): seconds to wait for each answer (default 60)</li>
     * <li>{@code retries} (gcp-kms): retries on HTTP 429, 5xx and connection resets, with capped exponential backoff and jitter, honouring Retry-After (default 4; never on 401/403)</li>
     * </ul></li>
     * </ul>
     */
    @Parameter
    private Map<String, String> signer;

    /**
     * Accept MCUboot's published development keys (root-ec-p256.pem, Zephyr's fallback, and the other
     * keys whose private halves are in the MCUboot repository) as the signer's key, an encryption key
     * or the key an image names, with a warning instead of failing the build. For development boards
     * only: anyone can sign images that a bootloader built with such a key accepts.
     */
    @Parameter(property = "zephyr.allowPublishedKey", defaultValue = "false")
    private boolean allowPublishedKey;

    /** The published keys this execution has warned about, each once. */
    private final Set<PublishedKeys.PublishedKey> warnedPublishedKeys = new HashSet<>();

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping " + goal() + " (zephyr.skip=true)");
            return;
        }
        try {
            doExecute();
        } catch (ZephyrSignException e) {
            // The message is the whole story; the trace is for -X, not for the user.
            getLog().debug(e);
            throw new MojoFailureException(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new MojoExecutionException(goal() + ": " + e.getCause().getMessage(), e);
        }
    }

    protected abstract void doExecute() throws MojoExecutionException, MojoFailureException;

    protected abstract String goal();

    /** Whether a signer is configured at all (in the POM or by -Dzephyr.signer.type). */
    protected boolean hasSigner() {
        return signerParameters().containsKey("type");
    }

    protected SignerConfig signerConfig() throws MojoFailureException {
        Map<String, String> parameters = signerParameters();
        if (!parameters.containsKey("type")) {
            throw new MojoFailureException("<signer><type> (-Dzephyr.signer.type) is required: one of "
                    + SignerBackends.types());
        }
        SignerBackend backend = SignerBackends.of(parameters.remove("type"));
        SignerSessionsEnd.install(session == null ? null : session.getRequest(), getLog());
        Path basedir = project.getBasedir().toPath();
        return new SignerConfig(backend, parameters, new SignerConfig.Context(
                name -> "<signer><" + name + "> (-Dzephyr.signer." + name + ")",
                new Secrets(System.getenv(), this::serverPassword, basedir), false, basedir, proxies()));
    }

    /** settings.xml's active proxies, for the remote signers (their credentials are not passed on). */
    private java.util.List<SignerConfig.Proxy> proxies() {
        java.util.List<SignerConfig.Proxy> proxies = new java.util.ArrayList<>();
        if (session != null && session.getSettings() != null) {
            for (org.apache.maven.settings.Proxy p : session.getSettings().getProxies()) {
                if (p.isActive()) {
                    proxies.add(new SignerConfig.Proxy(p.getProtocol(), p.getHost(), p.getPort(), p.getNonProxyHosts()));
                }
            }
        }
        return proxies;
    }

    protected ImageSigner openSigner() throws MojoFailureException {
        return openSigner(signerConfig());
    }

    /** Opens the signer {@code config} describes; refuses (or warns about) a published key. */
    protected ImageSigner openSigner(SignerConfig config) throws MojoFailureException {
        ImageSigner opened = config.backend().open(config, signerLog());
        try {
            guardSigningKey(opened.publicKey());
            String identity = config.backend().publicKeyIsLocal() ? null : config.backend().keyIdentity(config);
            if (identity != null) {
                publicKeys().put(identity, opened.publicKey()); // what the signer says now wins
            }
        } catch (MojoFailureException | RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    /**
     * The signer's public key, without signing anything. A signer that can name its key without
     * being opened (an HSM key's token and label) is asked once: its answer is kept under
     * target/zephyr/sign-state, so the goals that only need the public key do not log in again on
     * the next build. {@code force} asks again.
     */
    protected McubootPublicKey signerPublicKey() throws MojoFailureException {
        SignerConfig config = signerConfig();
        String identity = config.backend().publicKeyIsLocal() ? null : config.backend().keyIdentity(config);
        McubootPublicKey key = null;
        if (identity != null && !force) {
            key = publicKeys().get(identity).orElse(null);
            if (key != null) {
                getLog().info("The signer's public key (" + key + ") as it last answered, from "
                        + publicKeys().file(identity) + " (-Dzephyr.force=true asks it again)");
            }
        }
        if (key == null) {
            key = config.backend().publicKey(config, signerLog());
            if (identity != null) {
                publicKeys().put(identity, key);
            }
        }
        guardSigningKey(key);
        return key;
    }

    /** What the signers answered, per key identity. */
    private PublicKeyCache publicKeys() {
        return new PublicKeyCache(Path.of(project.getBuild().getDirectory(), "zephyr", "sign-state"));
    }

    /** Whether to do the work even when nothing changed: sign again, ask the signer for its key again. */
    protected boolean force() {
        return force;
    }

    /** Refuses (with allowPublishedKey: warns about) a signer whose key is one of MCUboot's published keys. */
    protected void guardSigningKey(McubootPublicKey key) throws MojoFailureException {
        var published = PublishedKeys.find(key);
        if (published.isPresent()) {
            refuseOrWarn(published.get(), "the signer's public key is " + published.get().description(),
                    PublishedKeys.SIGNING_RISK);
        }
    }

    /** Refuses (with allowPublishedKey: warns about) an encryption key that is one of MCUboot's published keys. */
    protected void guardEncryptionKey(ImageSettings settings) throws MojoFailureException {
        Path file = settings.get(ImageOption.ENCRYPT);
        var published = file == null ? Optional.<PublishedKeys.PublishedKey>empty()
                : PublishedKeys.find(EncryptionKey.fromPem(file));
        if (published.isPresent()) {
            refuseOrWarn(published.get(), "the encryption key " + file + ", set by " + settings.name(ImageOption.ENCRYPT)
                    + ", is " + published.get().description(), PublishedKeys.ENCRYPTION_RISK);
        }
    }

    /** Refuses (with allowPublishedKey: warns about) an image whose key TLV names one of MCUboot's published keys. */
    protected void guardImageKey(ParsedImage image, File file) throws MojoFailureException {
        var published = PublishedImageKey.of(image);
        if (published.isPresent()) {
            refuseOrWarn(published.get().key(), file + " names " + published.get().key().description()
                    + " as its signing key (" + published.get().tlv() + " TLV)", PublishedKeys.SIGNING_RISK);
        }
    }

    private void refuseOrWarn(PublishedKeys.PublishedKey key, String finding, String risk) throws MojoFailureException {
        if (!allowPublishedKey) {
            throw new MojoFailureException(finding + ": " + risk + ". Use a key of your own, or set "
                    + "<allowPublishedKey>true</allowPublishedKey> (-Dzephyr.allowPublishedKey) to accept it for a "
                    + "development board");
        }
        if (warnedPublishedKeys.add(key)) {
            getLog().warn(finding + ": " + risk + "; accepted because of <allowPublishedKey> "
                    + "(-Dzephyr.allowPublishedKey): never ship what this build makes");
        }
    }

    protected SignerLog signerLog() {
        return new SignerLog() {
            @Override
            public void warn(String message) {
                getLog().warn(message);
            }

            @Override
            public void info(String message) {
                getLog().info(message);
            }
        };
    }

    /** The decrypted password of a settings.xml server; null when there is none. */
    private char[] serverPassword(String id) {
        Server server = session == null ? null : session.getSettings().getServer(id);
        if (server == null) {
            return null;
        }
        SettingsDecryptionResult result = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        if (!result.getProblems().isEmpty()) {
            // The problem text names the server and the cause, never the password.
            throw new SignerException("settings.xml server '" + id + "': cannot decrypt its password: "
                    + result.getProblems().get(0).getMessage());
        }
        String password = result.getServer().getPassword();
        return password == null || password.isEmpty() ? null : password.toCharArray();
    }

    /** POM values, overridden by -Dzephyr.signer.* from the command line or project properties. */
    private Map<String, String> signerParameters() {
        Map<String, String> merged = new HashMap<>();
        if (signer != null) {
            merged.putAll(signer);
        }
        overlay(merged, project == null ? null : project.getProperties());
        overlay(merged, session == null ? null : session.getUserProperties());
        return merged;
    }

    private static void overlay(Map<String, String> target, Properties properties) {
        if (properties == null) {
            return;
        }
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(SIGNER_PROPERTY_PREFIX)) {
                target.put(name.substring(SIGNER_PROPERTY_PREFIX.length()), properties.getProperty(name));
            }
        }
    }

}
