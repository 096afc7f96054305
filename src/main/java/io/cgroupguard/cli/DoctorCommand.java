package io.cgroupguard.cli;

import io.cgroupguard.probe.CgroupAssessment;
import io.cgroupguard.probe.CgroupProbe;
import io.cgroupguard.probe.CgroupReadException;
import io.cgroupguard.probe.CgroupReading;
import io.cgroupguard.probe.CgroupVerdict;
import io.cgroupguard.nodestate.NodeRisk;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code doctor}: reads this machine's memory cgroup state and says what it means and what to do. The exit
 * status is the state, so scripts and node checks can use it: 0 healthy, 1 at-risk, 2 exhausted, 3 could not
 * read.
 */
public final class DoctorCommand implements Command {

    public static final int HEALTHY = 0;
    public static final int AT_RISK = 1;
    public static final int EXHAUSTED = 2;
    public static final int UNREADABLE = 3;

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "this machine's memory cgroup state: doctor [--host-root DIR] [--probe] [--output text|json]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments parsed;
        try {
            parsed = Arguments.parse(args, Set.of("host-root", "output"), Set.of("probe"));
        } catch (IllegalArgumentException e) {
            err.println("doctor: " + e.getMessage());
            return Commands.USAGE;
        }
        String output = parsed.option("output").orElse("text");
        if (!parsed.operands().isEmpty() || !(output.equals("text") || output.equals("json"))) {
            err.println("usage: doctor [--host-root DIR] [--probe] [--output text|json]");
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
        out.print(json ? DoctorReport.json(reading, verdict) + "\n" : DoctorReport.text(reading, verdict));
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
