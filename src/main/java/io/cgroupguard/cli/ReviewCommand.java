package io.cgroupguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cgroupguard.admission.AdmissionHandler;
import io.cgroupguard.admission.AdmissionPolicy;
import io.cgroupguard.config.Enforcement;
import io.cgroupguard.admission.PlacementValidator;
import io.cgroupguard.admission.PodAffinityMutator;
import io.cgroupguard.admission.ReviewCodec;
import io.cgroupguard.admission.ReviewPipeline;
import io.cgroupguard.snapshot.ListFileException;
import io.cgroupguard.snapshot.ListFileReader;
import io.cgroupguard.nodestate.NodeStateCache;
import io.cgroupguard.nodestate.NodeState;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code review}: answers an AdmissionReview file offline, against a node list file, exactly as the webhook
 * would. For trying a pod before a rollout, and for reproducing a decision from a captured review.
 */
public final class ReviewCommand implements Command {

    @Override
    public String name() {
        return "review";
    }

    @Override
    public String summary() {
        return "answer an AdmissionReview file offline: review --nodes-file NODES [--endpoint mutate|validate] REVIEW";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments parsed;
        try {
            parsed = Arguments.parse(args, Set.of("nodes-file", "endpoint", "enforcement"), Set.of());
        } catch (IllegalArgumentException e) {
            err.println("review: " + e.getMessage());
            return Commands.USAGE;
        }
        if (parsed.operands().size() != 1 || parsed.option("nodes-file").isEmpty()) {
            err.println("usage: review --nodes-file NODES [--endpoint mutate|validate] "
                    + "[--enforcement enforce|warn|audit] REVIEW.json");
            return Commands.USAGE;
        }
        try {
            NodeStateCache nodes = new NodeStateCache();
            nodes.replaceAll(ListFileReader.nodes().read(Path.of(parsed.option("nodes-file").get()), NodeState::of));
            Enforcement enforcement = Enforcement.valueOf(
                    parsed.option("enforcement").orElse("enforce").toUpperCase(Locale.ROOT));
            AdmissionPolicy defaults = AdmissionPolicy.defaults();
            AdmissionPolicy policy = new AdmissionPolicy(enforcement, defaults.exemptNamespaces(), false);
            String endpoint = parsed.option("endpoint").orElse("validate");
            AdmissionHandler handler = switch (endpoint) {
                case "mutate" -> new PodAffinityMutator(policy, nodes);
                case "validate" -> new PlacementValidator(policy, nodes);
                default -> throw new IllegalArgumentException("--endpoint must be mutate or validate");
            };
            ReviewCodec codec = new ReviewCodec();
            ReviewPipeline.Answer answer = new ReviewPipeline(codec)
                    .review(Files.readAllBytes(Path.of(parsed.operands().get(0))), handler);
            if (!answer.isReview()) {
                err.print("review: " + new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
                return Commands.USAGE;
            }
            JsonNode review = codec.mapper().readTree(answer.body());
            out.println(codec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(review));
            return review.path("response").path("allowed").asBoolean() ? 0 : 1;
        } catch (ListFileException | IllegalArgumentException e) {
            err.println("review: " + e.getMessage());
            return Commands.USAGE;
        } catch (IOException e) {
            err.println("review: cannot read " + parsed.operands().get(0) + ": " + e.getMessage());
            return Commands.USAGE;
        }
    }
}
