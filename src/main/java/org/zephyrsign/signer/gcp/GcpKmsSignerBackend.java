package org.zephyrsign.signer.gcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.SignerBackend;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerLog;
import org.zephyrsign.signer.SignerParameter;
import org.zephyrsign.signer.cloud.CloudKeyReference;
import org.zephyrsign.signer.remote.HttpSettings;

/**
 * {@code gcp-kms}: an asymmetric-signing key version in Google Cloud KMS. This class names no Google
 * library type, so listing the backends loads none of them; {@link GcpKmsSigner} does, when a build
 * signs with Cloud KMS.
 */
public final class GcpKmsSignerBackend implements SignerBackend {
    public static final String TYPE = "gcp-kms";
    /** The command line's {@code -k gcpkms://projects/...} form. */
    public static final String SCHEME = "gcpkms://";

    static final String KEY_VERSION = "keyVersion";
    static final String ENDPOINT = "endpoint";
    static final String CREDENTIALS_FILE = "credentialsFile";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String summary() {
        return "a Google Cloud KMS asymmetric-signing key version, with application default credentials";
    }

    @Override
    public List<SignerParameter> parameters() {
        List<SignerParameter> p = new ArrayList<>(List.of(
                new SignerParameter(KEY_VERSION, "the key version: projects/P/locations/L/keyRings/R/cryptoKeys/K/"
                        + "cryptoKeyVersions/V"),
                new SignerParameter(ENDPOINT, "the Cloud KMS endpoint URL, for a private or regional endpoint "
                        + "(default https://cloudkms.googleapis.com)"),
                new SignerParameter(CREDENTIALS_FILE, "a credentials JSON file (service account or external_account "
                        + "workload identity federation) instead of application default credentials")));
        p.addAll(HttpSettings.PARAMETERS);
        return p;
    }

    @Override
    public ImageSigner open(SignerConfig config, SignerLog log) {
        return GcpKmsSigner.open(config, log);
    }

    @Override
    public String keyIdentity(SignerConfig config) {
        return TYPE + ", key version " + config.require(KEY_VERSION) + ", endpoint " + config.get(ENDPOINT);
    }

    @Override
    public Map<String, String> fromKeyReference(String reference) {
        return reference.startsWith(SCHEME) ? CloudKeyReference.parse(SCHEME, reference.substring(SCHEME.length()),
                KEY_VERSION, k -> k) : null;
    }
}
