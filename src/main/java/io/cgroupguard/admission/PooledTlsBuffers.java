package io.cgroupguard.admission;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Lets the HTTPS server's TLS engine take its buffers from Netty's pool. By default Vert.x gives the JDK engine
 * a fresh heap buffer of about 16 KB for every TLS record read and every answer written: the largest share of
 * the garbage the webhook made (41% of the allocation samples under load), and so of its young collections, each
 * a pause of about a millisecond for every review in flight (BENCHMARKS.md: 571-691 collections per 15 s of load
 * before, 365-501 after). Vert.x recommends pooled buffers; each goes back to the pool once its record is done.
 */
@ApplicationScoped
public class PooledTlsBuffers implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        options.setSslEngineOptions(new JdkSSLEngineOptions().setPooledHeapBuffers(true));
    }
}
