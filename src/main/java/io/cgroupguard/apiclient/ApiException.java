package io.cgroupguard.apiclient;

/**
 * A Kubernetes API request that did not go through: the server answered with an error status, or it could not
 * be reached or did not answer in time (then {@link #code()} is 0).
 */
public final class ApiException extends RuntimeException {

    private final int code;

    public ApiException(int code, String message) {
        super(message);
        this.code = code;
    }

    public ApiException(String message, Throwable cause) {
        super(message, cause);
        this.code = 0;
    }

    /** The HTTP status the API server answered with; 0 when there was no answer. */
    public int code() {
        return code;
    }
}
