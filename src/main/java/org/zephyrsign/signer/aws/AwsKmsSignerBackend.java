package org.zephyrsign.signer.aws;

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
 * {@code aws-kms}: an asymmetric AWS KMS key (SIGN_VERIFY). This class names no AWS SDK type, so
 * listing the backends (help, a PEM or PKCS#11 build) loads none of the SDK; {@link AwsKmsSigner}
 * does, when a build signs with KMS.
 */
public final class AwsKmsSignerBackend implements SignerBackend {
    public static final String TYPE = "aws-kms";
    /** The command line's {@code -k awskms:KEY} form. */
    public static final String SCHEME = "awskms:";

    static final String KEY_ID = "keyId";
    static final String REGION = "region";
    static final String ENDPOINT = "endpoint";
    static final String PROFILE = "profile";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String summary() {
        return "an asymmetric AWS KMS key, with the AWS default credential chain";
    }

    @Override
    public List<SignerParameter> parameters() {
        List<SignerParameter> p = new ArrayList<>(List.of(
                new SignerParameter(KEY_ID, "the KMS key: key ARN, key id, alias/NAME or alias ARN"),
                new SignerParameter(REGION, "the AWS region (default: the key ARN's, else AWS_REGION or the profile's)"),
                new SignerParameter(ENDPOINT, "the KMS endpoint URL, for a VPC or FIPS endpoint (default: "
                        + "AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL, else https://kms.REGION.amazonaws.com)"),
                new SignerParameter(PROFILE, "the AWS profile for the credential chain (default: AWS_PROFILE or "
                        + "default)")));
        p.addAll(HttpSettings.PARAMETERS);
        return p;
    }

    @Override
    public ImageSigner open(SignerConfig config, SignerLog log) {
        return AwsKmsSigner.open(config, log);
    }

    /** The key, region and endpoint as configured; not the credentials. */
    @Override
    public String keyIdentity(SignerConfig config) {
        return TYPE + ", key " + config.require(KEY_ID) + ", region " + config.get(REGION) + ", endpoint "
                + config.get(ENDPOINT) + ", profile " + config.get(PROFILE);
    }

    @Override
    public Map<String, String> fromKeyReference(String reference) {
        return reference.startsWith(SCHEME) ? CloudKeyReference.parse(SCHEME, reference.substring(SCHEME.length()),
                KEY_ID, k -> k) : null;
    }
}
