package io.cgroupguard.certs;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The guard standalone on the example nodes, serving the certificate of a kubelet-style {@link SecretVolume}. */
public class SecretVolumeProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // A free port, not the fixed 8444: other builds on the same machine may hold that one.
        return Map.of("cgroup-guard.nodes-file", "examples/nodes.yaml", "quarkus.http.test-ssl-port", "0");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(SecretVolume.class));
    }
}
