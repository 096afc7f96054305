package io.cgroupguard.agent;

import java.time.Instant;

/** Puts the {@code CgroupExhausted} condition on a node; {@link NodeStatusWriter} against the API server. */
@FunctionalInterface
public interface ConditionWriter {

    /**
     * @throws io.cgroupguard.apiclient.ApiException when the write did not go through
     */
    void write(String nodeName, CgroupCondition condition, Instant now);
}
