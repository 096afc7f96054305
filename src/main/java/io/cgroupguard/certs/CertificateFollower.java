package io.cgroupguard.certs;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * Follows the certificate folder for a {@link ReloadingKeyManager}: each {@link #check} reads {@code tls.crt} and
 * {@code tls.key} again and hands a new, valid pair to the key manager. A folder caught half-written, or holding a
 * key that is not the certificate's, never replaces a working pair: the old one is served until the next check.
 */
public final class CertificateFollower {

    /** What a check found. */
    public enum Outcome {
        /** The files hold what is already served. */
        UNCHANGED,
        /** The files held a new pair, served from now on. */
        RELOADED,
        /** The files could not be used; the served pair stays. */
        KEPT_OLD
    }

    /** A check's outcome, with a line for the log when there is something to say. */
    public record Result(Outcome outcome, String message) {
    }

    private final Path dir;
    private final ReloadingKeyManager keyManager;

    public CertificateFollower(Path dir, ReloadingKeyManager keyManager) {
        this.dir = dir;
        this.keyManager = keyManager;
    }

    /** Reads the files once and updates the key manager when they hold a new pair. */
    public Result check() {
        ServingKeyMaterial candidate;
        try {
            candidate = ServingKeyMaterial.read(dir);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return new Result(Outcome.KEPT_OLD, "TLS: cannot use the files in " + dir.toAbsolutePath() + " ("
                    + e.getMessage() + "); still serving serial "
                    + keyManager.current().certificate().getSerialNumber().toString(16));
        }
        if (candidate.sameAs(keyManager.current())) {
            return new Result(Outcome.UNCHANGED, "");
        }
        keyManager.update(candidate);
        return new Result(Outcome.RELOADED, "TLS: now serving the new certificate in " + dir.toAbsolutePath()
                + " (serial " + candidate.certificate().getSerialNumber().toString(16) + ", valid until "
                + candidate.certificate().getNotAfter().toInstant() + ")");
    }
}
