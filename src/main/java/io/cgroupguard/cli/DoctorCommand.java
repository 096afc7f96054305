package io.cgroupguard.cli;

import io.cgroupguard.probe.CgroupAssessment;
import io.cgroupguard.probe.CgroupProbe;
import io.cgroupguard.probe.CgroupReadException;
import io.cgroupguard.probe.CgroupReading;
import io.cgroupguard.probe.CgroupVerdict;
import io.cgroupguard.nodestate.NodeRisk;
import io.cgroupguard.remedy.FixDecision;
import io.cgroupguard.remedy.FixPlan;
import io.cgroupguard.remedy.KmemReport;
import io.cgroupguard.remedy.NodeSoftware;
import io.cgroupguard.remedy.RuntimeVersion;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code doctor}: reads this machine's memory cgroup state and says what it means and what to do. The exit
 * status is the state, so scripts and node checks can use it: 0 healthy, 1 at-risk, 2 exhausted, 3 could not
 * read. The runtime's and kubelet's versions are not on the host's {@code /proc}; given as options (as the node
 * reports them: {@code --runtime-version docker://18.9.1 --kubelet-version v1.14.0}) they narrow the fixes it names.
 */
public final class DoctorCommand implements Command {

    public static final int HEALTHY = 0;
    public static final int AT_RISK = 1;
    public static final int EXHAUSTED = 2;
    public static final int UNREADABLE = 3;

    private static final String USAGE = "usage: doctor [--host-root DIR] [--probe] [--output text|json] "
            + "[--runtime-version docker://18.9.1] [--kubelet-version v1.14.0]";

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "this machine's memory cgroup state: " + USAGE.substring("usage: ".length());
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments parsed;
        try {
            parsed = Arguments.parse(args, Set.of("host-root", "output", "runtime-version", "kubelet-version"),
                    Set.of("probe"));
        } catch (IllegalArgumentException e) {
            err.println("doctor: " + e.getMessage());
            return Commands.USAGE;
        }
        String output = parsed.option("output").orElse("text");
        if (!parsed.operands().isEmpty() || !(output.equals("text") || output.equals("json"))) {
            err.println(USAGE);
            return Commands.USAGE;
        }
        boolean json = output.equals("json");
        Path root = Path.of(parsed.option("host-root").orElse("/"));
        CgroupReading reading;
        try {
            reading = new CgroupProbe(root).read(parsed.flag("probe"));
        } catch (CgroupReadException e) {
            out.print(json ? DoctorReport.jsonFailure(e.getMessage()) + "\n" : DoctorReport.textFailure(e.getMessage()));
            return UNREADABLE;
        }
        CgroupVerdict verdict = CgroupAssessment.assess(reading);
        FixPlan fixes = FixDecision.decide(new NodeSoftware(Optional.of(reading.kernel()),
                parsed.option("runtime-version").flatMap(RuntimeVersion::parse), parsed.option("kubelet-version"),
                KmemReport.of(reading.kmem().enabled())));
        out.print(json ? DoctorReport.json(reading, verdict, fixes) + "\n"
                : DoctorReport.text(reading, verdict, fixes));
        return exitStatus(verdict.risk());
    }

    static int exitStatus(NodeRisk risk) {
        return switch (risk) {
            case HEALTHY -> HEALTHY;
            case AT_RISK -> AT_RISK;
            case EXHAUSTED -> EXHAUSTED;
        };
    }
}
