package io.cgroupguard.nodestate;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KernelVersionTest {

    static Stream<Arguments> releases() {
        return Stream.of(
                Arguments.of(Named.of("CentOS 7", "3.10.0-1160.el7.x86_64"), Optional.of(true)),
                Arguments.of(Named.of("Ubuntu 16.04", "4.4.0-210-generic"), Optional.of(false)),
                Arguments.of(Named.of("Ubuntu 22.04", "5.15.0-91-generic"), Optional.of(false)),
                Arguments.of(Named.of("last leaking minor", "4.2.8"), Optional.of(true)),
                Arguments.of(Named.of("first fixed minor", "4.3.0"), Optional.of(false)),
                Arguments.of(Named.of("two-digit minor is not a small one", "4.19.0-25-amd64"), Optional.of(false)),
                Arguments.of(Named.of("a v prefix", "v3.10.0"), Optional.of(true)),
                Arguments.of(Named.of("not a version", "unknown"), Optional.empty()),
                Arguments.of(Named.of("empty", ""), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void decidesWhetherIdsLeak(String release, Optional<Boolean> leaks) {
        assertEquals(leaks, KernelVersion.parse(release).map(KernelVersion::leaksMemoryCgroupIds));
    }
}
