package io.cgroupguard.agent;

import java.time.Instant;

/** Puts the {@code CgroupExhausted} condition on a node; {@link NodeConditionWriter} against the API server. */
@FunctionalInterface
public interface ConditionWriter {

    /**
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the write did not go through
     */
    void write(String nodeName, CgroupCondition condition, Instant now);
}
