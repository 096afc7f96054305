#!/bin/sh
# cgroup-guard's check for node-problem-detector's custom plugin monitor: sets the node condition CgroupExhausted
# from the same rules as `cgroup-guard doctor`, with nothing but a POSIX shell and its usual tools (cat, find, wc).
#
# NPD's plugin protocol: exit 0 = OK (condition False), 1 = problem (True), 2 = unknown; the message is stdout.
# The message starts with the state doctor would print: "healthy: ", "at-risk: ", "exhausted: " or "unknown: ".
# At-risk exits 0: pods still start on such a node, and NPD has one problem reason per rule (see the docs).
#
# Environment:
#   CGROUP_GUARD_HOST_ROOT  folder holding the host's proc/ and sys/fs/cgroup/ (doctor's --host-root); default /
#   CGROUP_GUARD_DOCTOR     a command that runs doctor, e.g. "java -jar /opt/cgroup-guard/quarkus-run.jar doctor";
#                           when set and it runs, its verdict is used; when it cannot run, the shell rules are.

set -u
set -f   # no pathname expansion except where kmem_evidence switches it on for its walk

root=${CGROUP_GUARD_HOST_ROOT:-/}
root=${root%/}

# MEM_CGROUP_ID_MAX (include/linux/memcontrol.h): memory cgroup ids are an unsigned short.
ID_LIMIT=65535
# The agent's thresholds (CgroupAssessment): exhausted within 1% of the limit, at-risk above 80%.
EXHAUSTED_PERCENT=99
AT_RISK_PERCENT=80
# kmem_evidence looks at pod cgroups at most 3 levels under kubepods, and at 200 of them (KmemDetector).
KMEM_MAX_DEPTH=3
KMEM_MAX_DIRECTORIES=200

finish() {
    state=$1
    shift
    echo "$state: $*"
    case $state in
        exhausted) exit 1 ;;
        healthy|at-risk) exit 0 ;;
        *) exit 2 ;;
    esac
}

unknown() {
    finish unknown "$*"
}

is_number() {
    case $1 in
        ''|*[!0-9]*) return 1 ;;
        *) return 0 ;;
    esac
}

# Doctor's exit status is its state (0 healthy, 1 at-risk, 2 exhausted, 3 unreadable); its JSON has the reason.
if [ -n "${CGROUP_GUARD_DOCTOR:-}" ]; then
    out=$($CGROUP_GUARD_DOCTOR --host-root "${root:-/}" --output json 2>/dev/null)
    case $? in
        0) state=healthy ;;
        1) state=at-risk ;;
        2) state=exhausted ;;
        3) state=unknown ;;
        *) state= ;;
    esac
    if [ -n "$state" ]; then
        reason=$(printf '%s\n' "$out" | sed -n 's/^ *"reason" *: *"\(.*\)",\{0,1\}$/\1/p')
        finish "$state" "$reason"
    fi
fi

# The kernel: MAJOR.MINOR decide whether dying memory cgroups keep their id and whether they leak.
osrelease=$root/proc/sys/kernel/osrelease
release=$(cat "$osrelease" 2>/dev/null) || unknown "cannot read $osrelease"
major=${release%%.*}
rest=${release#*.}
minor=${rest%%[!0-9]*}
if [ "$rest" = "$release" ] || ! is_number "$major" || ! is_number "$minor"; then
    unknown "kernel release '$release' does not start with MAJOR.MINOR"
fi

before() {
    [ "$major" -lt "$1" ] || { [ "$major" -eq "$1" ] && [ "$minor" -lt "$2" ]; }
}

# Where the memory controller is: a v1 memory mount first (plain or beside systemd's unified tree), else v2.
cgroup=$root/sys/fs/cgroup
if [ -f "$cgroup/memory/cgroup.procs" ] || [ -f "$cgroup/memory/tasks" ]; then
    memory=$cgroup/memory
    layout=v1
elif [ -f "$cgroup/cgroup.controllers" ]; then
    controllers=$(cat "$cgroup/cgroup.controllers" 2>/dev/null) || unknown "cannot read $cgroup/cgroup.controllers"
    listed=
    for controller in $controllers; do
        [ "$controller" = memory ] && listed=yes
    done
    [ -n "$listed" ] || unknown "$cgroup/cgroup.controllers does not list the memory controller"
    memory=$cgroup
    layout=v2
else
    unknown "no memory cgroup hierarchy under $cgroup (neither memory/cgroup.procs nor cgroup.controllers)"
fi

# Live and dying memory cgroups. v2 counts both in cgroup.stat (per controller from 6.11 on); on v1 the kernel's
# total is /proc/cgroups' num_cgroups, read before the walk so a cgroup made meanwhile can only raise live.
if [ "$layout" = v2 ]; then
    [ -r "$memory/cgroup.stat" ] || unknown "cannot read $memory/cgroup.stat"
    descendants= dying_descendants= subsys= dying_subsys=
    while read -r key value extra || [ -n "${key:-}" ]; do
        [ -n "${value:-}" ] && [ -z "${extra:-}" ] || continue
        is_number "$value" || unknown "cgroup.stat: $key '$value' is not a number"
        case $key in
            nr_descendants) descendants=$value ;;
            nr_dying_descendants) dying_descendants=$value ;;
            nr_subsys_memory) subsys=$value ;;
            nr_dying_subsys_memory) dying_subsys=$value ;;
        esac
        key=
    done < "$memory/cgroup.stat"
    if [ -z "$descendants" ] || [ -z "$dying_descendants" ]; then
        unknown "cgroup.stat has no nr_descendants / nr_dying_descendants"
    fi
    live=${subsys:-$((descendants + 1))}
    dying=${dying_subsys:-$dying_descendants}
    total=$((live + dying))
else
    proc_cgroups=$root/proc/cgroups
    [ -r "$proc_cgroups" ] || unknown "cannot read $proc_cgroups"
    total=
    while read -r name hierarchy num enabled extra || [ -n "${name:-}" ]; do
        if [ "$name" = memory ]; then
            [ -n "${enabled:-}" ] || unknown "/proc/cgroups: the memory line has fewer than 4 fields"
            [ "$enabled" != 0 ] || unknown "/proc/cgroups: the memory controller is disabled (cgroup_disable=memory)"
            is_number "$num" || unknown "/proc/cgroups: num_cgroups '$num' is not a number"
            total=$num
            break
        fi
        name=
    done < "$proc_cgroups"
    [ -n "$total" ] || unknown "$proc_cgroups has no memory line, but memory is mounted as cgroup v1"
    [ -d "$memory" ] || unknown "cannot list $memory: it does not exist"
    live=$(find "$memory" -type d 2>/dev/null | wc -l)
    live=$((live))
    [ "$total" -ge "$live" ] || total=$live
    dying=$((total - live))
fi
# Before 4.7 a dying memcg keeps its id until freed; from 4.7 on it gives it back at offline (commit 73f576c04b94).
if before 4 7; then
    used=$total
else
    used=$live
fi

# A number file's value, or -1 when missing or not a number.
number() {
    value=$(cat "$1" 2>/dev/null) || { echo -1; return; }
    if is_number "$value"; then echo "$value"; else echo -1; fi
}

# True below 2^60 (1152921504606846976, 19 digits): "unlimited" reads as about 2^63; dash compares 64-bit numbers.
below_2_60() {
    case ${#1} in
        1|2|3|4|5|6|7|8|9|1[0-8]) return 0 ;;
        19) case $1 in 1*) [ "$1" -lt 1152921504606846976 ] ;; *) return 1 ;; esac ;;
        *) return 1 ;;
    esac
}

# Before 4.6 a v1 memcg accounts kmem only once a kmem limit was written to it (runc writes one, then unlimited):
# a kmem charge or a set limit in a pod cgroup is the evidence. Breadth first, as the agent walks.
kmem_evidence() {
    visited=0
    depth=0
    pattern=
    set +f
    while [ "$depth" -le "$KMEM_MAX_DEPTH" ]; do
        for top in "$memory/kubepods" "$memory/kubepods.slice"; do
            [ -d "$top" ] || continue
            for dir in "$top"$pattern/; do
                [ -d "$dir" ] || continue
                visited=$((visited + 1))
                if [ "$visited" -gt "$KMEM_MAX_DIRECTORIES" ]; then
                    set -f
                    return 1
                fi
                if [ "$(number "${dir}memory.kmem.usage_in_bytes")" -gt 0 ]; then
                    set -f
                    return 0
                fi
                limit=$(number "${dir}memory.kmem.limit_in_bytes")
                if [ "$limit" -ge 0 ] && below_2_60 "$limit"; then
                    set -f
                    return 0
                fi
            done
        done
        depth=$((depth + 1))
        pattern=$pattern/*
    done
    set -f
    return 1
}

cmdline=$(cat "$root/proc/cmdline" 2>/dev/null) || unknown "cannot read $root/proc/cmdline"
nokmem=
for word in $cmdline; do
    case $word in
        cgroup.memory=*)
            case ,${word#cgroup.memory=}, in
                *,nokmem,*) nokmem=yes ;;
            esac ;;
    esac
done
if [ -n "$nokmem" ]; then
    kmem=off
elif [ "$layout" = v2 ] || ! before 4 6; then
    # cgroup v2 always accounts kernel memory; from 4.6 on so does every v1 memory cgroup.
    kmem=on
elif kmem_evidence; then
    kmem=on
else
    kmem=unknown
fi

numbers="$used of $ID_LIMIT memory cgroup ids in use ($live live, $dying dying); kmem accounting $kmem; kernel $release"
if [ $((used * 100)) -ge $((ID_LIMIT * EXHAUSTED_PERCENT)) ]; then
    finish exhausted "$numbers"
elif [ $((used * 100)) -gt $((ID_LIMIT * AT_RISK_PERCENT)) ]; then
    finish at-risk "$numbers"
elif before 4 3 && [ "$kmem" = on ]; then
    # Before 4.3 a removed memcg with kmem charged stays, with its id, for good.
    finish at-risk "$numbers (before 4.3, which leaks memory cgroups while kmem accounting is on)"
fi
finish healthy "$numbers"
