package io.cgroupguard.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Test profiles that run the guard standalone on {@code src/test/resources/nodes/cluster.yaml}. */
public final class StandaloneProfiles {

    public static final String NODES_FILE = "src/test/resources/nodes/cluster.yaml";

    private StandaloneProfiles() {
    }

    /** The default enforcement: deny and patch. */
    public static class Enforce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cgroup-guard.nodes-file", NODES_FILE);
        }
    }

    /** Warn mode: allow with an admission warning. */
    public static class Warn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cgroup-guard.nodes-file", NODES_FILE, "cgroup-guard.enforcement", "warn");
        }
    }

    /** Audit mode: allow, log and count. */
    public static class Audit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cgroup-guard.nodes-file", NODES_FILE, "cgroup-guard.enforcement", "audit");
        }
    }
}
