package io.cgroupguard.bench;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client of {@code bench/faults.sh restart}: {@code WORKERS} threads send normal reviews round-robin to two
 * webhook instances, A and B, the way the apiserver reaches a Service's endpoints: A leaves the rotation once its
 * readiness is seen DOWN (polled every second, the reaction time of an endpoints controller fed by a probe), and
 * a refused connection is tried again on the other instance. Each failed review (not 200, or a connection lost
 * mid-request) is counted as before or after A's readiness went DOWN. Prints one {@code RESTART} line.
 */
public final class RollingRestartLoad {

    private static final int WORKERS = 4;
    private static final long READINESS_POLL_MILLIS = 1000;

    private RollingRestartLoad() {
    }

    /** {@code java ... RollingRestartLoad PORT_A PORT_B CA_CRT REVIEW_JSON SECONDS}. */
    public static void main(String[] args) throws Exception {
        int[] ports = {Integer.parseInt(args[0]), Integer.parseInt(args[1])};
        SSLContext tls = Trust.of(Path.of(args[2]));
        byte[] review = Files.readAllBytes(Path.of(args[3]));
        long start = System.nanoTime();
        long until = start + Duration.ofSeconds(Long.parseLong(args[4])).toNanos();
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        AtomicLong aDownAt = new AtomicLong();
        Thread watcher = new Thread(() -> watchReadiness(client, ports[0], start, until, aDownAt), "readiness-a");
        watcher.start();

        AtomicLong requests = new AtomicLong();
        AtomicLong retried = new AtomicLong();
        AtomicLong[] failedBefore = {new AtomicLong(), new AtomicLong()}; // [non-200, connection lost]
        AtomicLong[] failedAfter = {new AtomicLong(), new AtomicLong()};
        AtomicInteger turn = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < until) {
                    int first = aDownAt.get() != 0 ? 1 : turn.getAndIncrement() % 2;
                    int outcome = send(client, ports[first], review);
                    if (outcome == REFUSED) {
                        retried.incrementAndGet();
                        outcome = send(client, ports[1 - first], review);
                    }
                    requests.incrementAndGet();
                    if (outcome != 200) {
                        AtomicLong[] bucket = aDownAt.get() == 0 ? failedBefore : failedAfter;
                        bucket[outcome == LOST || outcome == REFUSED ? 1 : 0].incrementAndGet();
                    }
                }
            }, "worker-" + w);
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        watcher.join();
        System.out.printf("RESTART requests=%d failed-before-down=%d (non200 %d, connection %d) failed-after-down=%d"
                        + " (non200 %d, connection %d) refused-and-retried=%d a-ready-down-at=%s%n",
                requests.get(), failedBefore[0].get() + failedBefore[1].get(), failedBefore[0].get(),
                failedBefore[1].get(), failedAfter[0].get() + failedAfter[1].get(), failedAfter[0].get(),
                failedAfter[1].get(), retried.get(),
                aDownAt.get() == 0 ? "never" : String.format("%.1fs", (aDownAt.get() - start) / 1e9));
    }

    private static final int REFUSED = -1;
    private static final int LOST = -2;

    private static int send(HttpClient client, int port, byte[] review) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/validate"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(review)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException e) {
            return REFUSED;
        } catch (IOException e) {
            return LOST;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LOST;
        }
    }

    /** Sets {@code downAt} (nanoTime) the first time A's readiness answers other than 200, or not at all. */
    private static void watchReadiness(HttpClient client, int port, long start, long until, AtomicLong downAt) {
        HttpRequest probe = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(1)).build();
        while (System.nanoTime() < until && downAt.get() == 0) {
            int status;
            try {
                status = client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = 0;
            } catch (InterruptedException e) {
                return;
            }
            if (status != 200) {
                downAt.set(System.nanoTime());
                System.err.printf("A readiness %s at %.1fs%n", status == 0 ? "unreachable" : status,
                        (System.nanoTime() - start) / 1e9);
                return;
            }
            try {
                Thread.sleep(READINESS_POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
