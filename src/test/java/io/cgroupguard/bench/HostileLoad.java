package io.cgroupguard.bench;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hostile load of {@code bench/faults.sh memory}: {@code HOSTILE} clients each send maximum-size
 * AdmissionReviews (one 3 MB annotation) over TLS keep-alive connections, back to back, while one more client
 * sends normal reviews one after another (from 5 s before the attack) and records how long each took. Prints one {@code NORMAL} and one
 * {@code HOSTILE} line of figures.
 */
public final class HostileLoad {

    private static final int WARM_UP_SECONDS = 5;

    private HostileLoad() {
    }

    /** {@code java ... HostileLoad PORT CA_CRT REVIEW_JSON SECONDS HOSTILE BODY_BYTES}. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        SSLContext tls = Trust.of(Path.of(args[1]));
        byte[] review = Files.readAllBytes(Path.of(args[2]));
        long until = System.nanoTime() + Duration.ofSeconds(WARM_UP_SECONDS + Long.parseLong(args[3])).toNanos();
        int hostile = Integer.parseInt(args[4]);
        byte[] large = largeReview(Integer.parseInt(args[5]));

        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/validate"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(review)).build();
        // The normal client is connected and its path warm when the attack starts, as on a replica that was
        // serving the apiserver: the figures are the attack's effect, not a cold start's.
        long warm = System.nanoTime() + Duration.ofSeconds(WARM_UP_SECONDS).toNanos();
        while (System.nanoTime() < warm) {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        }
        Map<String, AtomicLong> hostileOutcomes = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < hostile; i++) {
            Thread t = new Thread(() -> sendLarge(tls, port, large, until, hostileOutcomes), "hostile-" + i);
            t.start();
            threads.add(t);
        }
        List<Long> micros = new ArrayList<>();
        long non200 = 0;
        long failed = 0;
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        while (System.nanoTime() < until) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                micros.add((System.nanoTime() - start) / 1000);
                non200 += answer.statusCode() == 200 ? 0 : 1;
            } catch (IOException e) {
                failed++;
                failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                Thread.sleep(100);
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        Collections.sort(micros);
        System.out.printf("NORMAL requests=%d non200=%d failed=%d %s p50-ms=%.1f p99-ms=%.1f max-ms=%.1f%n",
                micros.size() + failed, non200, failed, new java.util.TreeMap<>(failures),
                percentile(micros, 0.50), percentile(micros, 0.99),
                micros.isEmpty() ? Double.NaN : micros.get(micros.size() - 1) / 1000.0);
        System.out.println("HOSTILE " + new java.util.TreeMap<>(hostileOutcomes));
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, p * sorted.size())) / 1000.0;
    }

    /** A well-formed pod review whose pod carries one annotation large enough to make the body {@code size}. */
    static byte[] largeReview(int size) {
        String head = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"big\","
                + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"resource\":{\"group\":\"\","
                + "\"version\":\"v1\",\"resource\":\"pods\"},\"namespace\":\"default\",\"operation\":\"CREATE\","
                + "\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"big\",\"annotations\":"
                + "{\"padding\":\"";
        String tail = "\"}},\"spec\":{\"nodeName\":\"node-00001\",\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}}}";
        return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static void sendLarge(SSLContext tls, int port, byte[] body, long until, Map<String, AtomicLong> outcomes) {
        byte[] head = ("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (System.nanoTime() < until) {
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port)) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                while (System.nanoTime() < until) {
                    out.write(head);
                    try {
                        for (int off = 0; off < body.length; off += 64 * 1024) {
                            out.write(body, off, Math.min(64 * 1024, body.length - off));
                        }
                        out.flush();
                    } catch (IOException e) {
                        // The guard refused the body from its headers and closed the connection: its answer
                        // may still be readable.
                        outcomes.computeIfAbsent("closed-status-" + readResponse(in), k -> new AtomicLong())
                                .incrementAndGet();
                        break;
                    }
                    outcomes.computeIfAbsent("status-" + readResponse(in), k -> new AtomicLong()).incrementAndGet();
                }
            } catch (IOException e) {
                outcomes.computeIfAbsent("io-error", k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    /** Reads one HTTP/1.1 response with a Content-Length; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(status.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }
}
