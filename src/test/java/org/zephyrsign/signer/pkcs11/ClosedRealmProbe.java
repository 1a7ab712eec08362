package org.zephyrsign.signer.pkcs11;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zephyrsign.crypto.HashAlgorithm;
import org.zephyrsign.signer.ImageSigner;
import org.zephyrsign.signer.Secrets;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerException;
import org.zephyrsign.image.SigningRequest;

/**
 * What Maven does to the plugin, without Maven, run as its own process by {@link Pkcs11SessionsEndTest}:
 * loads the signer into a class loader of its own (the plugin's class realm), logs in or fails to
 * in there, closes that loader (as Maven closes the realm before the JVM's shutdown hooks run) and
 * exits. Whatever that prints shows in the process output.
 *
 * <p>Arguments: the scenario ({@code failLogin} or {@code sign}) and a pkcs11: URI.
 */
public final class ClosedRealmProbe {
    private ClosedRealmProbe() {
    }

    public static void main(String[] args) throws Exception {
        List<URL> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(url(entry));
        }
        URLClassLoader realm = new URLClassLoader("plugin-realm", classPath.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        Class<?> inRealm = realm.loadClass(InRealm.class.getName());
        inRealm.getMethod(args[0], String.class).invoke(null, args[1]);
        // Not reflection on Pkcs11Library: listing its methods would load every class they name.
        Callable<?> atExit = (Callable<?>) inRealm.getMethod("atExit").invoke(null);
        realm.close();
        // What the shutdown hook runs, called here so that a failure shows (the hook swallows
        // everything, it must print nothing); the hook then runs at exit and finds nothing left.
        System.out.println("closed " + atExit.call());
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(entry, e);
        }
    }

    /** Runs inside the realm. */
    public static final class InRealm {
        private InRealm() {
        }

        private static ImageSigner open(String uri) {
            SignerConfig config = new SignerConfig(new Pkcs11SignerBackend(), Map.of("uri", uri), new SignerConfig.Context(n -> n, Secrets.fromEnvironment(), false,
                Path.of("").toAbsolutePath()));
            return config.backend().open(config, m -> { });
        }

        public static Callable<Integer> atExit() {
            return Pkcs11Library::closeAllAtExit;
        }

        public static void failLogin(String uri) {
            try {
                open(uri).close();
                throw new AssertionError("logged in");
            } catch (SignerException expected) {
                // the build would fail here and Maven would shut down
            }
        }

        public static void sign(String uri) {
            try (ImageSigner signer = open(uri)) {
                byte[] digest = HashAlgorithm.SHA256.digest(new byte[] {1, 2, 3});
                signer.sign(new SigningRequest(signer.publicKey().algorithm(), HashAlgorithm.SHA256, digest, digest,
                        false));
            }
        }
    }
}
