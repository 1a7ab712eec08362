package org.zephyrsign.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.ExecutionListener;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/** The execution listener that ends the token sessions must pass every event on, once. */
class SignerSessionsEndTest {
    private static final List<Method> EVENTS = Arrays.stream(ExecutionListener.class.getMethods())
            .sorted(Comparator.comparing(Method::getName)).toList();

    private static void fireAll(ExecutionListener listener) throws Exception {
        for (Method event : EVENTS) {
            event.invoke(listener, (ExecutionEvent) null);
        }
    }

    @Test
    void wrapsTheRequestsListenerOnceAndForwardsEveryEvent() throws Exception {
        List<String> received = new ArrayList<>();
        ExecutionListener maven = (ExecutionListener) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ExecutionListener.class}, (proxy, method, args) -> {
                    received.add(method.getName());
                    return null;
                });
        MavenExecutionRequest request = new DefaultMavenExecutionRequest().setExecutionListener(maven);
        SignerSessionsEnd.install(request, new SystemStreamLog());
        ExecutionListener installed = request.getExecutionListener();
        assertNotSame(maven, installed);
        // every mojo execution of the build calls install again
        SignerSessionsEnd.install(request, new SystemStreamLog());
        assertSame(installed, request.getExecutionListener());

        fireAll(installed);
        assertEquals(17, EVENTS.size());
        assertEquals(EVENTS.stream().map(Method::getName).toList(), received);
    }

    @Test
    void aBuildWithoutListenerStillGetsItsSessionsClosed() throws Exception {
        MavenExecutionRequest request = new DefaultMavenExecutionRequest();
        SignerSessionsEnd.install(request, new SystemStreamLog());
        fireAll(request.getExecutionListener());
        SignerSessionsEnd.install(null, new SystemStreamLog()); // no session: unit tests of mojos
    }
}
