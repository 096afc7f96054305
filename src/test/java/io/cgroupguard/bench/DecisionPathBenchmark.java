package io.cgroupguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgroupguard.admission.AdmissionPolicy;
import io.cgroupguard.admission.PlacementValidator;
import io.cgroupguard.admission.PodAffinityMutator;
import io.cgroupguard.admission.ReviewCodec;
import io.cgroupguard.admission.ReviewPipeline;
import io.cgroupguard.nodestate.NodeState;
import io.cgroupguard.nodestate.NodeStateCache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The webhook's decision path without HTTP: parse the review, decide, build the patch, serialize the answer,
 * for the example Deployment pod (a 6.4 KB review, compact) against 5,000 cached nodes. Run by {@code bench/run.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class DecisionPathBenchmark {

    private ReviewPipeline pipeline;
    private PodAffinityMutator mutator;
    private PlacementValidator validator;
    private byte[] createReview;
    private byte[] pinnedReview;

    @Setup
    public void setUp() throws IOException {
        NodeStateCache nodes = new NodeStateCache();
        List<NodeState> states = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            states.add(NodeState.of(NodeListGenerator.name(i),
                    Map.of("cgroup-guard.io/state", i % 100 == 0 ? "exhausted" : "healthy"), Map.of()));
        }
        nodes.replaceAll(states);
        AdmissionPolicy policy = AdmissionPolicy.defaults();
        pipeline = new ReviewPipeline(new ReviewCodec());
        mutator = new PodAffinityMutator(policy, nodes);
        validator = new PlacementValidator(policy, nodes);
        // Compact, as the apiserver sends it; the examples are indented for people.
        ObjectMapper mapper = new ObjectMapper();
        createReview = mapper.writeValueAsBytes(mapper.readTree(Path.of("examples/review-create-pod.json").toFile()));
        // Pinned to node-00100, which is exhausted: the denial path, message included.
        pinnedReview = mapper.writeValueAsBytes(mapper.readTree(Files.readString(Path.of("examples/review-pinned-pod.json"))
                .replace("\"worker-2\"", "\"" + NodeListGenerator.name(100) + "\"")));
    }

    @Benchmark
    public byte[] mutate() {
        return pipeline.review(createReview, mutator).body();
    }

    @Benchmark
    public byte[] validateDenied() {
        return pipeline.review(pinnedReview, validator).body();
    }
}
