package io.cgroupguard.admission;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Lets the HTTPS server's TLS engine take its buffers from Netty's pool, as Vert.x recommends for the JDK engine.
 * By default Vert.x gives that engine a fresh heap buffer for every TLS record read and every answer written,
 * sized for the largest record (16 KB of data, RFC 8446 section 5.1) however small the review: under load that
 * was the largest share of the webhook's garbage, and so of its young collections, each of which pauses every
 * review in flight. A pooled buffer goes back to the pool once its record is done. The allocation profile and
 * the collections counted before and after are in BENCHMARKS.md (History).
 */
@ApplicationScoped
public class PooledTlsBuffers implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        options.setSslEngineOptions(new JdkSSLEngineOptions().setPooledHeapBuffers(true));
    }
}
