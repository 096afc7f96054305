package io.cgroupguard.admission;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PooledTlsBuffersTest {

    @Test
    void httpsServer_getsTheJdkEngineWithPooledBuffers() {
        HttpServerOptions options = new HttpServerOptions();
        assertFalse(options.getSslEngineOptions() instanceof JdkSSLEngineOptions jdk && jdk.isPooledHeapBuffers(),
                "Vert.x's default is unpooled, or this customizer would not be needed");

        new PooledTlsBuffers().customizeHttpsServer(options);

        JdkSSLEngineOptions engine = assertInstanceOf(JdkSSLEngineOptions.class, options.getSslEngineOptions());
        assertTrue(engine.isPooledHeapBuffers());
    }
}
