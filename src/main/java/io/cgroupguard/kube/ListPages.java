package io.cgroupguard.kube;

/**
 * How many objects an informer asks the API server for in one list request.
 *
 * <p>Without a limit an informer lists everything in one response: 5,000 Nodes are about 22.5 MB of JSON, decoded
 * whole and at once by each Node informer, and in {@code bench/footprint.sh} that ran the webhook out of heap at
 * start under its 384 MiB limit (BENCHMARKS.md). Pages of 500 are client-go's reflector default; the informer
 * follows the API server's {@code continue} tokens until the list is complete.
 */
public final class ListPages {

    public static final long SIZE = 500L;

    private ListPages() {
    }
}
