package io.cgroupguard.probe;

/** How a node mounts its cgroups, as far as the memory controller is concerned. */
public enum CgroupLayout {
    /** Every controller on its own v1 hierarchy. */
    V1("v1", "v1"),
    /** systemd's hybrid mode: controllers on v1 (memory among them) plus an empty v2 tree at {@code unified}. */
    HYBRID("v1", "hybrid (memory on v1)"),
    /** The unified v2 hierarchy. */
    V2("v2", "v2");

    private final String version;
    private final String description;

    CgroupLayout(String version, String description) {
        this.version = version;
        this.description = description;
    }

    /** {@code v1} or {@code v2}: the version the memory controller runs on, as {@code doctor --output json} prints it. */
    public String version() {
        return version;
    }

    /** For people: says when v1 memory sits beside a v2 tree. */
    public String description() {
        return description;
    }
}
