/**
 * A minimal Kubernetes API client for the node agent: where the API server is ({@link ApiEndpoint}), the service
 * account's rotating token ({@link TokenFile}) and GET/PATCH with timeouts ({@link ApiClient}), on the JDK alone.
 */
package io.cgroupguard.apiclient;
