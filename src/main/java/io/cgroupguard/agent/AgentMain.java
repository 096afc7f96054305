package io.cgroupguard.agent;

import io.cgroupguard.apiclient.ApiEndpoint;
import io.cgroupguard.console.ConsoleLog;
import sun.misc.Signal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar quarkus-run.jar agent}, or in the image {@code java @/deployments/agent/java.args
 * io.cgroupguard.Main agent} (its own class path and class data archive, docs/agent.md): the node agent, started
 * the way the CLI commands are, before and without Quarkus. It reads its settings, starts an {@link AgentProcess} and runs until SIGTERM (the kubelet
 * stopping the pod), which stops the loop and the server and exits 0. A bad setting exits 1 with the key named.
 */
public final class AgentMain {

    private static final ConsoleLog LOG = ConsoleLog.of(AgentMain.class);

    private AgentMain() {
    }

    /**
     * Runs the agent; returns only when it could not start.
     *
     * @return the exit status of a failed start
     */
    public static int run(String[] args, PrintStream err) {
        if (args.length > 0) {
            err.println("agent takes no arguments (got " + String.join(" ", args) + "); it is configured by "
                    + "CGROUP_GUARD_AGENT_* environment variables or -Dcgroup-guard.agent.* properties");
            return 2;
        }
        AgentProcess agent;
        try {
            agent = new AgentProcess(AgentSettings.fromEnvironment(), ApiEndpoint.find(), Clock.systemUTC());
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("agent: cannot start: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("agent: cannot open its HTTP ports: " + e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.infof("agent: stopping");
            agent.close();
            stopped.countDown();
        }, "cgroup-guard-shutdown"));
        // The kubelet stops a pod with SIGTERM; a stop it asked for is a success. Without a handler the JVM
        // would run the shutdown hook and exit 143, which reads as a failure in the pod's last state.
        Signal.handle(new Signal("TERM"), signal -> System.exit(0));
        agent.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
