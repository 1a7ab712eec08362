package org.zephyrsign.signer.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.zephyrsign.signer.remote.RemoteHttpClient;
import org.zephyrsign.signer.remote.RemoteSignerException.Kind;
import org.zephyrsign.signer.remote.RemoteTarget;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * azure-identity's token requests (client secret or certificate, workload identity, managed
 * identity) over the project's HTTP client, so that they use the same CA bundle, proxies, timeouts
 * and retries as the Key Vault calls, and no Netty. An adapter, not a client: it only translates
 * azure-core's request into {@link RemoteHttpClient#send}.
 */
final class AzureHttpClient implements HttpClient {
    /** Headers the JDK's client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final RemoteHttpClient http;
    private final RemoteTarget target;

    AzureHttpClient(RemoteHttpClient http, RemoteTarget target) {
        this.http = http;
        this.target = target;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.fromCallable(() -> sendSync(request, Context.NONE));
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaders().forEach(h -> {
            if (!RESTRICTED.contains(h.getName().toLowerCase(java.util.Locale.ROOT))) {
                headers.put(h.getName(), h.getValue());
            }
        });
        BinaryData body = request.getBodyAsBinaryData();
        RemoteHttpClient.Response r;
        try {
            r = http.send(target, request.getHttpMethod().name(), request.getUrl().toURI(), headers,
                    body == null ? null : body.toString());
        } catch (URISyntaxException e) {
            throw target.failure(Kind.UNREACHABLE, "malformed URL " + request.getUrl());
        }
        return new Response(request, r);
    }

    private static final class Response extends HttpResponse {
        private final RemoteHttpClient.Response r;
        private final byte[] bytes;

        Response(HttpRequest request, RemoteHttpClient.Response r) {
            super(request);
            this.r = r;
            this.bytes = r.body().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int getStatusCode() {
            return r.status();
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return r.header(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            HttpHeaders h = new HttpHeaders();
            r.headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("content-length")) {
                    h.set(name, values);
                }
            });
            h.set("Content-Length", Integer.toString(bytes.length));
            return h;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.just(ByteBuffer.wrap(bytes));
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(bytes);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just(r.body());
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just(new String(bytes, charset));
        }
    }
}
