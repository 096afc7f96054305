package io.cgroupguard.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * Where a node's memory cgroups live under a root folder, and how many live ones there are.
 *
 * @param layout v1, hybrid or v2
 * @param root   the memory hierarchy's top directory ({@code sys/fs/cgroup/memory} on v1, {@code sys/fs/cgroup}
 *               on v2)
 */
record MemoryHierarchy(CgroupLayout layout, Path root) {

    /** The directory mode bits of {@code unix:mode} (S_IFMT / S_IFDIR). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;

    /** Finds the memory controller under {@code hostRoot}: a v1 {@code memory} mount first, else a v2 tree. */
    static MemoryHierarchy locate(Path hostRoot) throws CgroupReadException {
        Path cgroupRoot = hostRoot.resolve("sys/fs/cgroup");
        Path v1 = cgroupRoot.resolve("memory");
        if (Files.isRegularFile(v1.resolve("cgroup.procs")) || Files.isRegularFile(v1.resolve("tasks"))) {
            boolean unified = Files.isRegularFile(cgroupRoot.resolve("unified/cgroup.controllers"));
            return new MemoryHierarchy(unified ? CgroupLayout.HYBRID : CgroupLayout.V1, v1);
        }
        Path controllers = cgroupRoot.resolve("cgroup.controllers");
        if (Files.isRegularFile(controllers)) {
            String list = HostFiles.read(controllers);
            if (!(" " + list.trim() + " ").contains(" memory ")) {
                throw new CgroupReadException(controllers + " does not list the memory controller");
            }
            return new MemoryHierarchy(CgroupLayout.V2, cgroupRoot);
        }
        throw new CgroupReadException("no memory cgroup hierarchy under " + cgroupRoot
                + " (neither memory/cgroup.procs nor cgroup.controllers)");
    }

    /**
     * Counts the live cgroups of a v1 memory hierarchy: its directories, the root included.
     *
     * <p>A node has one directory per pod and container, tens of thousands on a busy node, and every one holds
     * some 30 control files. So the walk never looks at a control file (they are known by name) and never lists
     * a leaf: on cgroupfs, as on ext4, xfs and tmpfs, a directory's link count is 2 plus its subdirectories, so
     * a count of 2 means no children. Filesystems that report 1 for directories (btrfs, overlay) are listed.
     * A directory removed during the walk (kubelet deleting a pod) is simply not counted.
     */
    long countLiveV1() throws CgroupReadException {
        if (!Files.isDirectory(root)) {
            throw new CgroupReadException("cannot list " + root + ": it does not exist");
        }
        ArrayDeque<Path> pending = new ArrayDeque<>();
        pending.push(root);
        long count = 1;
        while (!pending.isEmpty()) {
            Path dir = pending.pop();
            // File.list allocates one String per entry; a DirectoryStream allocates a Path (and its name) per
            // entry, three times the garbage for the ~35 control files of every memory cgroup.
            String[] names = dir.toFile().list();
            if (names == null) {
                if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw new CgroupReadException("cannot list " + dir);
                }
                continue;
            }
            for (String name : names) {
                if (isControlFile(name)) {
                    continue;
                }
                Path entry = dir.resolve(name);
                Map<String, Object> attrs = attributes(entry);
                if (attrs == null || ((Integer) attrs.get("mode") & S_IFMT) != S_IFDIR) {
                    continue;
                }
                count++;
                if ((Integer) attrs.get("nlink") != 2) {
                    pending.push(entry);
                }
            }
        }
        return count;
    }

    private static Map<String, Object> attributes(Path entry) throws CgroupReadException {
        try {
            return Files.readAttributes(entry, "unix:mode,nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CgroupReadException("cannot stat " + entry + ": " + HostFiles.why(e));
        }
    }

    /**
     * The v1 control files: {@code memory.*}, {@code cgroup.*} and the three core files without a prefix.
     * Kubelet, systemd and runc never name a cgroup like these.
     */
    static boolean isControlFile(String name) {
        return name.startsWith("memory.") || name.startsWith("cgroup.") || name.equals("tasks")
                || name.equals("notify_on_release") || name.equals("release_agent");
    }
}
