package io.cgroupguard.apiclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The service account's bearer token, read from its file and read again once a minute. Since Kubernetes 1.21 the
 * projected token is bound and the kubelet rotates it (at 80% of its lifetime, one hour by default), so a token
 * read once goes stale; client-go's {@code cachingTokenSource} re-reads the file every minute for the same reason.
 */
public final class TokenFile implements Supplier<String> {

    /** How long a read token is used before the file is read again (client-go: one minute). */
    static final Duration REREAD = Duration.ofMinutes(1);

    private final Path file;
    private final Clock clock;
    private String token;
    private Instant readAt;

    public TokenFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** The token, re-read from the file when the last read is a minute old. */
    @Override
    public synchronized String get() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(readAt.plus(REREAD))) {
            try {
                token = Files.readString(file).strip();
            } catch (IOException e) {
                if (token == null) {
                    throw new UncheckedIOException("cannot read the service account token " + file, e);
                }
                // Keep the last token: a failed re-read (the kubelet swapping the file) is not worth a failed write.
            }
            readAt = now;
        }
        return token;
    }
}
