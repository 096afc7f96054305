package io.cgroupguard.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/**
 * How many bytes admission request bodies still being received may hold at once, under
 * {@code cgroup-guard.in-flight-bodies.}; a body that would exceed its lane is answered 503 with Retry-After.
 * The defaults fit the webhook's 384 MiB container with the JVM options of its manifest (RELIABILITY.md has
 * the measurement they come from).
 */
@ConfigMapping(prefix = "cgroup-guard.in-flight-bodies")
public interface InFlightBodiesConfig {

    /** Bodies up to this size use the small lane: a pod review is 2-20 KB, one with a large spec below 256 KB. */
    @WithDefault("256K")
    @WithConverter(MemorySizeConverter.class)
    MemorySize smallBodyMax();

    /** Budget of the small lane: 64 of the largest small bodies, hundreds of real reviews at once. */
    @WithDefault("16M")
    @WithConverter(MemorySizeConverter.class)
    MemorySize smallLane();

    /** Budget of bodies above {@link #smallBodyMax()}, up to the 3 MiB cap: four of the largest at once. */
    @WithDefault("12M")
    @WithConverter(MemorySizeConverter.class)
    MemorySize largeLane();
}
