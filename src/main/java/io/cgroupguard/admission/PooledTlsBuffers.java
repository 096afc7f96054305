package io.cgroupguard.admission;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Lets the HTTPS server's TLS engine take its buffers from Netty's pool. By default Vert.x gives the JDK engine
 * a fresh heap buffer of about 16 KB for every TLS record read and every answer written, which was most of the
 * garbage the webhook made (an allocation profile under load: 40% of all bytes allocated) and so most of its
 * young collections, each a pause of about a millisecond on every in-flight review. Vert.x recommends pooled
 * buffers; they are returned to the pool when the record has been processed.
 */
@ApplicationScoped
public class PooledTlsBuffers implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        options.setSslEngineOptions(new JdkSSLEngineOptions().setPooledHeapBuffers(true));
    }
}
