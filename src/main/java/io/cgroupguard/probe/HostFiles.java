package io.cgroupguard.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads small kernel files (procfs, cgroupfs) and turns failures into one-line {@link CgroupReadException}s. */
final class HostFiles {

    private HostFiles() {
    }

    static String read(Path file) throws CgroupReadException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CgroupReadException("cannot read " + file + ": " + why(e));
        }
    }

    /** The reason alone ("does not exist", "permission denied", the kernel's errno text), without the path. */
    static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "it does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
