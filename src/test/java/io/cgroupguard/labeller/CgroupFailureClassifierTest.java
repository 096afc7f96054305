package io.cgroupguard.labeller;

import io.cgroupguard.snapshot.ListFileException;
import io.cgroupguard.snapshot.ListFileReader;

import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CgroupFailureClassifierTest {

    static Stream<Arguments> sharedFixtures() throws Exception {
        List<Event> events = ListFileReader.events().read(Path.of("src/test/resources/labeller/kubelet-events.yaml"));
        return events.stream().map(e -> Arguments.of(Named.of(e.getMetadata().getName() + " ("
                        + e.getMetadata().getAnnotations().get("fixture/expect") + ")", e.getMessage()),
                e.getMetadata().getAnnotations().get("fixture/expect").equals("cgroup-exhaustion")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedFixtures")
    void classifiesSharedFixturesAsAnnotated(String message, boolean evidence) {
        assertEquals(evidence, CgroupFailureClassifier.failure(message).isPresent());
    }

    static Stream<Arguments> evidence() {
        return Stream.of(
                Arguments.of(Named.of("systemd driver, cgroup v1 slice", "failed to create container for "
                        + "[kubepods burstable pod1f2e] : mkdir /sys/fs/cgroup/memory/kubepods.slice/"
                        + "kubepods-burstable.slice/kubepods-burstable-pod1f2e.slice: no space left on device"),
                        "mkdir /sys/fs/cgroup/memory/kubepods.slice/kubepods-burstable.slice/"
                                + "kubepods-burstable-pod1f2e.slice: no space left on device"),
                Arguments.of(Named.of("containerd with runc, cannot allocate memory", "Failed to create pod sandbox: "
                        + "rpc error: code = Unknown desc = failed to create containerd task: failed to create shim "
                        + "task: OCI runtime create failed: runc create failed: unable to start container process: "
                        + "unable to apply cgroup configuration: mkdir /sys/fs/cgroup/memory/kubepods/burstable/"
                        + "pod7a1b/3c9e: cannot allocate memory: unknown"),
                        "mkdir /sys/fs/cgroup/memory/kubepods/burstable/pod7a1b/3c9e: cannot allocate memory"),
                Arguments.of(Named.of("cgroup v2 unified path", "Error: failed to create containerd task: "
                        + "mkdir /sys/fs/cgroup/kubepods.slice/kubepods-besteffort.slice/cri-containerd-ab12.scope: "
                        + "no space left on device: unknown"),
                        "mkdir /sys/fs/cgroup/kubepods.slice/kubepods-besteffort.slice/cri-containerd-ab12.scope: "
                                + "no space left on device"),
                Arguments.of(Named.of("CRI-O with a failed write to a control file", "Failed to create pod sandbox: "
                        + "rpc error: code = Unknown desc = container create failed: failed to write \"1\": "
                        + "write /sys/fs/cgroup/memory/kubepods.slice/crio-9f8e.scope/memory.kmem.limit_in_bytes: "
                        + "cannot allocate memory"),
                        "write /sys/fs/cgroup/memory/kubepods.slice/crio-9f8e.scope/memory.kmem.limit_in_bytes: "
                                + "cannot allocate memory"),
                Arguments.of(Named.of("doubly escaped quotes around the path", "caused \\\"process_linux.go:258: "
                        + "applying cgroup configuration for process caused \\\\\\\"mkdir /sys/fs/cgroup/memory/"
                        + "docker/abc: no space left on device\\\\\\\"\\\""),
                        "mkdir /sys/fs/cgroup/memory/docker/abc: no space left on device"),
                Arguments.of(Named.of("upper-case errno wording", "MKDIR /sys/fs/cgroup/memory/kubepods/pod1: "
                        + "No space left on device"), "mkdir /sys/fs/cgroup/memory/kubepods/pod1: no space left on device"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evidence")
    void recognisesFailedCgroupCreation(String message, String phrase) {
        assertEquals(phrase, CgroupFailureClassifier.failure(message).orElseThrow());
    }

    static Stream<Named<String>> lookAlikes() {
        return Stream.of(
                Named.of("full disk while pulling an image layer", "Failed to pull image \"nginx:1.25\": rpc error: "
                        + "code = Unknown desc = failed to register layer: write /var/lib/docker/overlay2/4f1c/diff/"
                        + "usr/lib/x86_64-linux-gnu/libcrypto.so.3: no space left on device"),
                Named.of("full disk in a containerd snapshot", "failed to create containerd container: "
                        + "mkdir /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/812/fs: "
                        + "no space left on device"),
                Named.of("full volume", "MountVolume.SetUp failed for volume \"data\" : mkdir "
                        + "/var/lib/kubelet/pods/1b2c/volumes/kubernetes.io~empty-dir/data: no space left on device"),
                Named.of("cgroup mentioned, disk is what is full", "applying cgroup configuration to "
                        + "/sys/fs/cgroup/memory/kubepods/pod1 failed: write /var/log/pods/x/0.log: "
                        + "no space left on device"),
                Named.of("cgroup path failing with another errno", "mkdir /sys/fs/cgroup/memory/kubepods/pod1: "
                        + "permission denied"),
                Named.of("memory limit too low for the container", "OCI runtime create failed: container init was "
                        + "OOM-killed (memory limit too low?): unknown"),
                Named.of("image pull back-off", "Back-off pulling image \"registry.example.com/app:1.0\""),
                Named.of("empty message", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookAlikes")
    void ignoresLookAlikes(String message) {
        assertFalse(CgroupFailureClassifier.failure(message).isPresent());
    }

    @Test
    void treatsNullAsNoEvidence() {
        assertTrue(CgroupFailureClassifier.failure(null).isEmpty());
    }
}
