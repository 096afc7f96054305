/**
 * The guard's Kubernetes write edge shared by the leader's features (labelling, stuck pods, remediation) and
 * the node agent: the retry policy every API write follows and the one Event writer. It depends on no other
 * package of the guard, so each feature imports it and nothing runs back.
 */
package io.cgroupguard.kube;
