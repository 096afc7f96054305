package io.cgroupguard.tls;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged guard with {@code cgroup-guard.tls.client-auth.ca-file} set, as a cluster whose API server presents
 * a webhook client certificate runs it: the API server's certificate gets in, nothing else reaches the webhook,
 * kubelet's probes (no certificate) still do, and each refusal is logged.
 */
class ClientAuthenticationIT {

    private static Path work;
    private static ClientCertificates apiServerCa;
    private static GuardProcess guard;

    @BeforeAll
    static void startGuardRequiringClientCertificates() throws Exception {
        work = Files.createTempDirectory("client-auth");
        apiServerCa = ClientCertificates.newCa();
        Path caFile = apiServerCa.writeCa(work.resolve("apiserver-client-ca.crt"));
        guard = GuardProcess.start(work, "cgroup-guard.tls.client-auth.ca-file=" + caFile);
    }

    @AfterAll
    static void stop() throws Exception {
        if (guard != null) {
            guard.close();
        }
    }

    @Test
    void apiServerCertificate_isAccepted() throws Exception {
        GuardClient apiServer = client(apiServerCa.client("kube-apiserver").keyManagers().getKeyManagers());

        assertEquals(200, apiServer.postReview("/validate").statusCode(), guard.output());
        assertEquals(200, apiServer.postReview("/mutate").statusCode(), guard.output());
    }

    @Test
    void clientWithoutCertificate_isRefusedTheWebhook_andLogged() throws Exception {
        HttpResponse<String> answer = client(null).postReview("/validate");

        assertEquals(403, answer.statusCode());
        assertEquals(ClientCertificateGate.REFUSAL, answer.body());
        assertTrue(guard.output().contains("WARN  [i.c.t.ClientCertificateGate] TLS: refused POST /validate from"),
                guard.output());
    }

    @Test
    void clientWithCertificateOfAnotherCa_isRefusedInTheHandshake_andLogged() throws Exception {
        GuardClient intruder = client(ClientCertificates.newCa().client("intruder").keyManagers().getKeyManagers());

        IOException refused = assertThrows(IOException.class, () -> intruder.postReview("/validate"));
        assertTrue(refused instanceof SSLException || refused.getCause() instanceof SSLException
                || String.valueOf(refused.getMessage()).contains("closed"), String.valueOf(refused));
        assertTrue(guard.output().contains("WARN  [i.c.t.ClientCertificateTrust] TLS: refused the client"
                + " certificate of") && guard.output().contains("CN=intruder"), guard.output());
    }

    @Test
    void healthProbeWithoutCertificate_stillGetsIn() throws Exception {
        assertEquals(200, client(null).get("/q/health/live").statusCode(), guard.output());
    }

    private static GuardClient client(javax.net.ssl.KeyManager[] keyManagers) throws Exception {
        return GuardClient.of(guard, work.resolve("certs"), keyManagers);
    }
}
