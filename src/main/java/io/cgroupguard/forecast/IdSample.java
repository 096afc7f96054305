package io.cgroupguard.forecast;

import java.time.Instant;

/**
 * One reading of how many memory cgroup ids a node holds ({@code MemoryCgroups.used()}), and when.
 *
 * @param at   when it was read
 * @param used ids in use
 */
public record IdSample(Instant at, long used) {
}
