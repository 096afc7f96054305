package io.cgroupguard.config;

/** Which long-running part this process is; chosen by the first command-line argument. */
public enum RunMode {
    /** The admission webhook Deployment; the labeller runs in it on the elected leader. */
    SERVE,
    /** The per-node DaemonSet that measures cgroup state. */
    AGENT
}
