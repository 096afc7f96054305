package io.cgroupguard.admission;

/**
 * Decides one admission request. Implementations are pure: they read the request and the node cache and
 * make no API calls, so they answer in microseconds and can be tested as plain objects.
 */
@FunctionalInterface
public interface AdmissionHandler {

    AdmissionResponse handle(AdmissionRequest request);
}
