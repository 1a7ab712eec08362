package org.zephyrsign.signer.azure;

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
 * {@code azure-key-vault}: an EC or RSA key in Azure Key Vault (or Managed HSM). This class names no
 * Azure library type, so listing the backends loads none of them; {@link AzureKeyVaultSigner} does,
 * when a build signs with Key Vault.
 */
public final class AzureKeyVaultSignerBackend implements SignerBackend {
    public static final String TYPE = "azure-key-vault";
    /** The command line's {@code -k azurekv://VAULT.vault.azure.net/keys/NAME[/VERSION]} form. */
    public static final String SCHEME = "azurekv://";

    static final String KEY_ID = "keyId";
    static final String AUTHORITY_HOST = "authorityHost";
    static final String TENANT_ID = "tenantId";
    static final String CLIENT_ID = "clientId";
    static final String INSTANCE_DISCOVERY = "instanceDiscovery";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String summary() {
        return "an Azure Key Vault or Managed HSM key, with Azure's credential chain";
    }

    @Override
    public List<SignerParameter> parameters() {
        List<SignerParameter> p = new ArrayList<>(List.of(
                new SignerParameter(KEY_ID, "the key identifier: https://VAULT.vault.azure.net/keys/NAME[/VERSION] "
                        + "(the current version when none is named)"),
                new SignerParameter(AUTHORITY_HOST, "the Microsoft Entra authority host, for a sovereign cloud "
                        + "(default: AZURE_AUTHORITY_HOST, else https://login.microsoftonline.com/)"),
                new SignerParameter(TENANT_ID, "the tenant for workload identity (default: AZURE_TENANT_ID)"),
                new SignerParameter(CLIENT_ID, "the client id of a workload or user-assigned managed identity "
                        + "(default: AZURE_CLIENT_ID)"),
                new SignerParameter(INSTANCE_DISCOVERY, "false for an authority Microsoft does not list (Azure Stack "
                        + "Hub, ADFS, a private endpoint): then its metadata is not checked with Microsoft Entra "
                        + "(default true)")));
        p.addAll(HttpSettings.PARAMETERS);
        return p;
    }

    @Override
    public ImageSigner open(SignerConfig config, SignerLog log) {
        return AzureKeyVaultSigner.open(config, log);
    }

    @Override
    public String keyIdentity(SignerConfig config) {
        String id = config.require(KEY_ID);
        // Without a version the key may have been rotated since: only a versioned id names one key.
        return id.matches("https://[^/]+/keys/[^/]+/[^/?]+") ? TYPE + ", key " + id : null;
    }

    @Override
    public Map<String, String> fromKeyReference(String reference) {
        return reference.startsWith(SCHEME) ? CloudKeyReference.parse(SCHEME, reference.substring(SCHEME.length()),
                KEY_ID, k -> "https://" + k) : null;
    }
}
