/**
 * The guard's Kubernetes edge shared by the leader's features (labelling, stuck pods, remediation) and the node
 * agent: the retry policy every API write follows, the leader's guarded requests (rate limit, leadership check,
 * retries) and its one Event writer, and how Kubernetes timestamps and durations are read and written. It
 * depends on no other package of the guard, so each feature imports it and nothing runs back.
 */
package io.cgroupguard.kube;
