package org.zephyrsign.maven;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
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
import org.zephyrsign.crypto.McubootPublicKey;
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

    /** Skips this goal. */
    @Parameter(property = "zephyr.skip", defaultValue = "false")
    private boolean skip;

    /**
     * The signer: {@code <type>} picks the backend ({@code pem}, {@code detached}), the other
     * children are that backend's parameters, e.g. {@code <keyFile>} for pem, {@code <publicKey>}
     * and {@code <signatureFile>} for detached. Each can also be set as
     * {@code -Dzephyr.signer.NAME=VALUE}. Secrets never go here.
     */
    @Parameter
    private Map<String, String> signer;

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
                new Secrets(System.getenv(), this::serverPassword, basedir), false, basedir));
    }

    protected ImageSigner openSigner() throws MojoFailureException {
        SignerConfig config = signerConfig();
        return config.backend().open(config, signerLog());
    }

    /** The signer's public key, without signing anything. */
    protected McubootPublicKey signerPublicKey() throws MojoFailureException {
        SignerConfig config = signerConfig();
        return config.backend().publicKey(config, signerLog());
    }

    private SignerLog signerLog() {
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
