package io.cgroupguard.remedy;

/**
 * One thing that stops a node from leaking memory cgroup ids. Any one of {@link #KERNEL_UPGRADE} and
 * {@link #BOOT_NOKMEM} is enough on its own; otherwise the runtime and the kubelet must both stop switching kmem
 * accounting on, because each of them makes memory cgroups of its own (containers; pods and QoS classes).
 */
public enum Fix {

    /**
     * From 4.3 on removed memory cgroups no longer stay pinned for good (DESIGN.md, "The problem"), and from 4.7
     * on a dying memcg gives its id back at offline (commit 73f576c04b94, "mm: memcontrol: fix cgroup creation
     * failure after many small jobs").
     */
    KERNEL_UPGRADE("kernel-upgrade", "upgrade the kernel to 4.3 or later (from 4.7 on, dying memory cgroups give "
            + "their id back)"),
    /**
     * {@code cgroup.memory=nokmem} turns kmem accounting off in the kernel itself, whatever runc and kubelet ask
     * for: nothing is charged, so nothing pins a removed memcg.
     */
    BOOT_NOKMEM("boot-nokmem", "add cgroup.memory=nokmem to the kernel command line and reboot"),
    /**
     * runc switches kmem accounting on in every container cgroup since runc PR #1350; the {@code nokmem} build
     * tag (runc PR #1921, commit 6a2c15596845) leaves it off. Docker 18.09.1 ships its runc built with
     * {@code nokmem} on RHEL 7 kernels (moby PR #38128, backported to 18.09 in docker/engine PR #121; the
     * containerd.io packages in docker/containerd-packaging PR #66).
     */
    RUNTIME_NOKMEM("runtime-nokmem", "run Docker 18.09.1 or later, or a runc built with the nokmem build tag "
            + "(make BUILDTAGS=\"seccomp nokmem\")"),
    /**
     * Kubelet makes the pod and QoS cgroups through its vendored libcontainer, which switches kmem accounting
     * on (kubernetes issue #61937). From 1.14 the vendored runc has the {@code nokmem} build tag (its
     * {@code kmem_disabled.go}), so a kubelet built with {@code GOFLAGS=-tags=nokmem} leaves kmem off.
     */
    KUBELET_NOKMEM("kubelet-nokmem", "run a kubelet built with the nokmem build tag "
            + "(make kubelet GOFLAGS=-tags=nokmem)"),
    /** A kubelet before 1.14 vendors a runc without the {@code nokmem} tag: only a patched build leaves kmem off. */
    KUBELET_PATCHED("kubelet-patched", "run a kubelet of 1.14 or later built with the nokmem build tag "
            + "(make kubelet GOFLAGS=-tags=nokmem), or a build patched to skip kmem (before 1.14 it cannot be built "
            + "without)");

    private final String id;
    private final String advice;

    Fix(String id, String advice) {
        this.id = id;
        this.advice = advice;
    }

    /** The short name the reports print and {@code nodes --output json} lists under {@code fixes}. */
    public String id() {
        return id;
    }

    /** What a person does, in one sentence. */
    public String advice() {
        return advice;
    }

    /** True for the fixes that only work together with the other side's (runtime with kubelet). */
    public boolean partial() {
        return this == RUNTIME_NOKMEM || this == KUBELET_NOKMEM || this == KUBELET_PATCHED;
    }
}
