package io.cgroupguard.apiclient;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.cgroupguard.certs.ServingCertificates;
import io.cgroupguard.certs.ServingKeyMaterial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client over TLS, as in a pod: against an HTTPS server whose certificate the cluster's CA signed, trusting
 * that CA only (the service account's {@code ca.crt}) and checking the server's name; a server the CA did not
 * sign, or a name the certificate does not hold, is refused.
 */
class ApiClientTlsTest {

    private HttpsServer server;
    private final AtomicReference<String> authorization = new AtomicReference<>();

    private int serve(Path certs) throws Exception {
        ServingKeyMaterial material = ServingKeyMaterial.read(certs);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("serving", material.key(), new char[0], material.chain().toArray(Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/api/v1/nodes/node-a", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"metadata\":{\"name\":\"node-a\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void getsOverTls_trustingTheClustersCa(@TempDir Path dir) throws Exception {
        ServingCertificates.ensure(dir);
        int port = serve(dir);
        ApiClient client = new ApiClient(new ApiEndpoint(URI.create("https://127.0.0.1:" + port),
                Optional.of(() -> "sa-token"), Optional.of(ApiEndpoint.trusting(dir.resolve("ca.crt"))), "test"));

        assertEquals("{\"metadata\":{\"name\":\"node-a\"}}", client.get("/api/v1/nodes/node-a"));
        assertEquals("Bearer sa-token", authorization.get());
    }

    @Test
    void refusesAServerAnotherCaSigned(@TempDir Path dir) throws Exception {
        ServingCertificates.ensure(dir.resolve("server"));
        ServingCertificates.ensure(dir.resolve("other"));
        int port = serve(dir.resolve("server"));
        ApiClient client = new ApiClient(new ApiEndpoint(URI.create("https://127.0.0.1:" + port), Optional.empty(),
                Optional.of(ApiEndpoint.trusting(dir.resolve("other/ca.crt"))), "test"));

        ApiException e = assertThrows(ApiException.class, () -> client.get("/api/v1/nodes/node-a"));
        assertEquals(0, e.code());
        assertTrue(authorization.get() == null, "nothing reached the server");
    }

    @Test
    void refusesANameTheCertificateDoesNotHold(@TempDir Path dir) throws Exception {
        ServingCertificates.ensure(dir);
        int port = serve(dir);
        // 127.0.0.2 is the loopback too, but not among the serving certificate's names.
        ApiClient client = new ApiClient(new ApiEndpoint(URI.create("https://127.0.0.2:" + port), Optional.empty(),
                Optional.of(ApiEndpoint.trusting(dir.resolve("ca.crt"))), "test"));

        ApiException e = assertThrows(ApiException.class, () -> client.get("/api/v1/nodes/node-a"));
        assertTrue(e.getMessage().contains("127.0.0.2"), e.getMessage());
    }
}
