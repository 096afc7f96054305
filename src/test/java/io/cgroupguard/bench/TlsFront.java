package io.cgroupguard.bench;

import io.cgroupguard.certs.CertificateGenerator;
import io.cgroupguard.certs.CertificateSpec;
import io.cgroupguard.certs.GeneratedCertificates;
import io.cgroupguard.certs.Pem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS front on loopback for a plain-HTTP mock API server, so the packaged agent can be benchmarked as it runs in a
 * cluster ({@code bench/footprint.sh}): HTTPS to an API server whose certificate (made by the guard's own
 * {@link CertificateGenerator}, with IP 127.0.0.1 among its names) a service-account CA signed, and a bearer token.
 * It writes that folder ({@code ca.crt}, {@code token}) for the container to mount where the kubelet mounts it, and
 * logs each connection with its TLS protocol and cipher suite, so the run can say how often the agent connects and
 * what it negotiates. Runs until killed.
 */
public final class TlsFront {

    private TlsFront() {
    }

    /**
     * {@code java ... TlsFront LISTEN_PORT BACKEND_PORT SERVICE_ACCOUNT_FOLDER [KEY_ALGORITHM]}: the guard's own
     * ECDSA P-256 keys by default; {@code RSA_2048} is what kubeadm gives a cluster's CA and API server.
     */
    public static void main(String[] args) throws Exception {
        int listen = Integer.parseInt(args[0]);
        int backend = Integer.parseInt(args[1]);
        Path folder = Path.of(args[2]);
        CertificateSpec defaults = CertificateSpec.defaults();
        CertificateSpec spec = args.length < 4 ? defaults : new CertificateSpec(defaults.namespace(),
                defaults.service(), CertificateSpec.KeyAlgorithm.valueOf(args[3]), defaults.servingLife(),
                defaults.caLife());
        GeneratedCertificates certs = new CertificateGenerator(Clock.systemUTC()).generate(spec);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("ca.crt"), Pem.encode(List.of(certs.ca())), StandardCharsets.US_ASCII);
        // The mock server ignores the token; the agent still has to read and send one, as it does in a pod.
        Files.writeString(folder.resolve("token"), "bench-token", StandardCharsets.US_ASCII);

        char[] password = "bench".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("serving", certs.servingKey(), password, new Certificate[] {certs.serving(), certs.ca()});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(factory.getKeyManagers(), null, null);

        AtomicInteger connections = new AtomicInteger();
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(listen, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("listening on " + listen);
            while (true) {
                SSLSocket client = (SSLSocket) server.accept();
                int number = connections.incrementAndGet();
                daemon(() -> relay(client, backend, number));
            }
        }
    }

    private static void relay(SSLSocket client, int backend, int number) {
        try (client; Socket upstream = new Socket()) {
            client.startHandshake();
            System.out.println(Instant.now() + " connection " + number + " " + client.getSession().getProtocol()
                    + " " + client.getSession().getCipherSuite());
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backend));
            Thread back = daemon(() -> copy(upstream, client));
            copy(client, upstream);
            back.join();
        } catch (IOException | InterruptedException e) {
            System.out.println(Instant.now() + " connection " + number + " failed: " + e);
        }
    }

    private static Thread daemon(Runnable work) {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Bytes from one socket to the other until the first ends; then the other's output is ended too. */
    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            out.flush();
            if (to instanceof SSLSocket) {
                to.close();
            } else {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            // The other direction closed the socket first: the exchange is over either way.
        }
    }
}
