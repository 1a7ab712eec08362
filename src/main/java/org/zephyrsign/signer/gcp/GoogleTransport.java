package org.zephyrsign.signer.gcp;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zephyrsign.signer.remote.RemoteHttpClient;
import org.zephyrsign.signer.remote.RemoteTarget;

/**
 * google-auth-library's token requests (service account token exchange, STS for workload identity
 * federation, the metadata server) over the project's HTTP client, so that they use the same CA
 * bundle, proxies, timeouts and retries as the KMS calls. An adapter, not a client: it only
 * translates google-http-client's low-level request into {@link RemoteHttpClient#send}.
 */
final class GoogleTransport extends HttpTransport {
    private final RemoteHttpClient http;
    private final RemoteTarget target;

    GoogleTransport(RemoteHttpClient http, RemoteTarget target) {
        this.http = http;
        this.target = target;
    }

    @Override
    protected LowLevelHttpRequest buildRequest(String method, String url) {
        return new LowLevelHttpRequest() {
            private final Map<String, String> headers = new LinkedHashMap<>();

            @Override
            public void addHeader(String name, String value) {
                if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Accept-Encoding")
                        && !name.equalsIgnoreCase("User-Agent")) {
                    headers.merge(name, value, (a, b) -> a + "," + b);
                }
            }

            @Override
            public LowLevelHttpResponse execute() throws java.io.IOException {
                String body = null;
                if (getStreamingContent() != null) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    getStreamingContent().writeTo(out);
                    body = out.toString(StandardCharsets.UTF_8);
                    if (getContentType() != null) {
                        headers.put("Content-Type", getContentType());
                    }
                }
                return new Response(http.send(target, method, URI.create(url), headers, body));
            }
        };
    }

    private static final class Response extends LowLevelHttpResponse {
        private final RemoteHttpClient.Response r;
        private final List<String[]> headers = new ArrayList<>();

        Response(RemoteHttpClient.Response r) {
            this.r = r;
            r.headers().forEach((name, values) -> values.forEach(v -> headers.add(new String[] {name, v})));
        }

        @Override
        public InputStream getContent() {
            return new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String getContentEncoding() {
            return null; // the body is already decoded text
        }

        @Override
        public long getContentLength() {
            return r.body().getBytes(StandardCharsets.UTF_8).length;
        }

        @Override
        public String getContentType() {
            return r.header("Content-Type");
        }

        @Override
        public String getStatusLine() {
            return "HTTP/1.1 " + r.status();
        }

        @Override
        public int getStatusCode() {
            return r.status();
        }

        @Override
        public String getReasonPhrase() {
            return "";
        }

        @Override
        public int getHeaderCount() {
            return headers.size();
        }

        @Override
        public String getHeaderName(int index) {
            return headers.get(index)[0];
        }

        @Override
        public String getHeaderValue(int index) {
            return headers.get(index)[1];
        }
    }
}
