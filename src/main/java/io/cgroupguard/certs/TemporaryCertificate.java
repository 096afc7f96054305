package io.cgroupguard.certs;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The temporary self-signed pair a replica serves in cluster mode until the elected leader has filled the TLS
 * Secret, made on a thread of its own as soon as {@code Main} knows it will be needed. The TLS registry asks for
 * the key store on Quarkus's main thread in the middle of its boot; made there, Bouncy Castle's classes loaded cold,
 * two EC keys and two signatures held that boot up by about 0.3 s (BENCHMARKS.md, "The webhook's start").
 */
public final class TemporaryCertificate {

    private static final AtomicReference<CompletableFuture<GeneratedCertificates>> MAKING = new AtomicReference<>();

    private TemporaryCertificate() {
    }

    /** Starts making a pair for {@link #take}, unless one is being made already. */
    public static void startMaking() {
        CompletableFuture<GeneratedCertificates> pair = new CompletableFuture<>();
        if (MAKING.compareAndSet(null, pair)) {
            Thread thread = new Thread(() -> {
                try {
                    pair.complete(make());
                } catch (GeneralSecurityException | RuntimeException e) {
                    pair.completeExceptionally(e);
                }
            }, "cgroup-guard-temporary-certificate");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * The pair {@link #startMaking} began (waiting for it if need be), or a fresh one made now when none was
     * begun; each pair is handed out once.
     */
    public static GeneratedCertificates take() throws GeneralSecurityException {
        CompletableFuture<GeneratedCertificates> pair = MAKING.getAndSet(null);
        if (pair == null) {
            return make();
        }
        try {
            return pair.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof GeneralSecurityException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static GeneratedCertificates make() throws GeneralSecurityException {
        return new CertificateGenerator(Clock.systemUTC()).generate(CertificateSpec.defaults());
    }
}
