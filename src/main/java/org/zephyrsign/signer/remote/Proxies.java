package org.zephyrsign.signer.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.zephyrsign.signer.SignerConfig;
import org.zephyrsign.signer.SignerConfigException;

/**
 * Which proxy a remote signer's request goes through: the front end's (Maven's active
 * settings.xml {@code <proxy>} for the request's protocol, with its {@code nonProxyHosts}), else
 * the environment's {@code HTTPS_PROXY}/{@code HTTP_PROXY} with {@code NO_PROXY} (either case, as
 * curl and the cloud SDKs read them), else none. Proxy authentication is not supported.
 */
final class Proxies extends ProxySelector {
    private final List<SignerConfig.Proxy> configured;
    private final Function<String, String> environment;
    private final String backend;

    Proxies(List<SignerConfig.Proxy> configured, Function<String, String> environment, String backend) {
        this.configured = configured;
        this.environment = environment;
        this.backend = backend;
    }

    @Override
    public List<Proxy> select(URI uri) {
        String scheme = uri.getScheme() == null ? "https" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!configured.isEmpty()) {
            for (SignerConfig.Proxy p : configured) {
                String protocol = p.protocol() == null ? "http" : p.protocol().toLowerCase(Locale.ROOT);
                // Maven's usual single proxy says protocol "http" and carries https too.
                boolean carries = protocol.equals(scheme) || protocol.equals("http") && configured.stream()
                        .noneMatch(q -> "https".equalsIgnoreCase(q.protocol()));
                if (carries && !matchesMavenNonProxy(host, p.nonProxyHosts())) {
                    return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.host(), p.port())));
                }
            }
            return List.of(Proxy.NO_PROXY);
        }
        String value = scheme.equals("https") ? env("HTTPS_PROXY") : env("HTTP_PROXY");
        if (value == null || matchesNoProxy(host, env("NO_PROXY"))) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(parse(value));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // The request fails with the connection error; nothing to remember.
    }

    /** Whether the environment or the front end names a proxy at all (for messages). */
    String describe(URI uri) {
        Proxy p = select(uri).get(0);
        return p.type() == Proxy.Type.DIRECT ? null : "through proxy " + p.address();
    }

    private String env(String name) {
        String v = environment.apply(name);
        return v != null ? v : environment.apply(name.toLowerCase(Locale.ROOT));
    }

    private Proxy parse(String value) {
        String v = value.contains("://") ? value : "http://" + value;
        try {
            URI u = new URI(v);
            if (u.getHost() == null) {
                throw new IllegalArgumentException();
            }
            int port = u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
            return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(u.getHost(), port));
        } catch (Exception e) {
            // The value may hold a password (user:pass@host): never repeat it.
            throw new SignerConfigException(backend + " signer: the proxy environment variable (HTTPS_PROXY/"
                    + "HTTP_PROXY) is not host:port nor a URL");
        }
    }

    /** curl's NO_PROXY: comma-separated host suffixes ("example.com", ".example.com"), "*" for all. */
    static boolean matchesNoProxy(String host, String noProxy) {
        if (noProxy == null) {
            return false;
        }
        for (String raw : noProxy.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return true;
            }
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon) {
                entry = entry.substring(0, colon); // host:port: the port is not checked
            }
            String suffix = entry.startsWith(".") ? entry.substring(1) : entry;
            if (host.equals(suffix) || host.endsWith("." + suffix)) {
                return true;
            }
        }
        return false;
    }

    /** Maven's nonProxyHosts: '|'-separated (',' accepted too), '*' as wildcard. */
    static boolean matchesMavenNonProxy(String host, String nonProxyHosts) {
        if (nonProxyHosts == null) {
            return false;
        }
        for (String raw : nonProxyHosts.split("[|,]")) {
            String pattern = raw.strip().toLowerCase(Locale.ROOT);
            if (pattern.isEmpty()) {
                continue;
            }
            String regex = ("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q");
            if (host.matches(regex)) {
                return true;
            }
        }
        return false;
    }
}
