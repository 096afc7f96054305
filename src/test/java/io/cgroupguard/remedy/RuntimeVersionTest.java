package io.cgroupguard.remedy;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RuntimeVersionTest {

    static Stream<Arguments> values() {
        return Stream.of(
                arguments(Named.of("Docker 18.06 as kubelet prints it", "docker://18.6.1"), Optional.of(false)),
                arguments(Named.of("Docker 18.06 as Docker prints it", "docker://18.06.1-ce"), Optional.of(false)),
                arguments(Named.of("Docker 18.09.0", "docker://18.9.0"), Optional.of(false)),
                arguments(Named.of("Docker 18.09.1", "docker://18.9.1"), Optional.of(true)),
                arguments(Named.of("Docker 18.09.1 with the zero", "docker://18.09.1"), Optional.of(true)),
                arguments(Named.of("Docker 19.03", "docker://19.3.5"), Optional.of(true)),
                arguments(Named.of("Docker 20.10 has no patch digit here", "docker://20.10"), Optional.of(true)),
                arguments(Named.of("RHEL's Docker 1.13", "docker://1.13.1"), Optional.of(false)),
                arguments(Named.of("containerd 1.6", "containerd://1.6.20"), Optional.of(false)),
                arguments(Named.of("CRI-O 1.14", "cri-o://1.14.0"), Optional.of(false)),
                arguments(Named.of("docker without a version", "docker://"), Optional.of(false)),
                arguments(Named.of("blank", " "), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void knowsWhenTheVersionAloneLeavesKmemOff(String value, Optional<Boolean> off) {
        assertEquals(off, RuntimeVersion.parse(value).map(RuntimeVersion::leavesKmemOff));
    }
}
