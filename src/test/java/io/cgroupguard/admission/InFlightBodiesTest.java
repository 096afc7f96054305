package io.cgroupguard.admission;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two-lane budget of bodies in flight: who gets room, who is refused, and that every byte comes back. */
class InFlightBodiesTest {

    /** Small bodies up to 100 bytes, 300 of them at once; 1000 bytes for larger ones. */
    private static InFlightBodies budget() {
        return new InFlightBodies(100, 300, 1000);
    }

    static Stream<Arguments> reservations() {
        return Stream.of(
                Arguments.of("smallBody_isAdmitted_whenNothingIsInFlight", List.of(), 100L, true, 100L, 0L),
                Arguments.of("largeBody_isAdmitted_whenItFitsTheLargeLane", List.of(), 1000L, true, 0L, 1000L),
                Arguments.of("largeBody_isRefused_whenLargerThanTheLargeLane", List.of(), 1001L, false, 0L, 0L),
                Arguments.of("largeBody_isRefused_whenOtherLargeBodiesFillTheLane", List.of(600L, 300L), 200L, false,
                        0L, 900L),
                Arguments.of("smallBody_isAdmitted_whileLargeBodiesFillTheirLane", List.of(600L, 400L), 100L, true,
                        100L, 1000L),
                Arguments.of("smallBody_isRefused_whenSmallBodiesFillTheSmallLane", List.of(100L, 100L, 100L), 1L,
                        false, 300L, 0L),
                Arguments.of("largeBody_isAdmitted_whileSmallBodiesFillTheirLane", List.of(100L, 100L, 100L), 101L,
                        true, 300L, 101L),
                Arguments.of("emptyBody_isAdmitted_holdingNothing_evenWhenBothLanesAreFull",
                        List.of(100L, 100L, 100L, 1000L), 0L, true, 300L, 1000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reservations")
    void reserve(String name, List<Long> held, long wanted, boolean admitted, long smallInUse, long largeInUse) {
        InFlightBodies budget = budget();
        held.forEach(bytes -> assertNotNull(budget.reserve(bytes), "setup reservation of " + bytes));

        InFlightBodies.Reservation reservation = budget.reserve(wanted);

        assertEquals(admitted, reservation != null);
        assertEquals(smallInUse, budget.smallLaneInUse());
        assertEquals(largeInUse, budget.largeLaneInUse());
    }

    static Stream<Arguments> growth() {
        return Stream.of(
                Arguments.of("growingWithinTheSmallLane_takesOnlyTheDifference", 0L, 40L, 80L, true, 80L, 0L),
                Arguments.of("growingPastSmallBodyMax_movesTheWholeBodyToTheLargeLane", 0L, 80L, 160L, true, 0L, 160L),
                Arguments.of("growingPastSmallBodyMax_isRefused_andKeepsItsSmallReservation_whenTheLargeLaneIsFull",
                        950L, 80L, 160L, false, 80L, 950L),
                Arguments.of("growingWithinTheLargeLane_isRefused_whenTheLaneCannotTakeTheDifference", 700L, 200L,
                        400L, false, 0L, 900L),
                Arguments.of("shrinking_keepsWhatIsReserved", 0L, 80L, 10L, true, 80L, 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("growth")
    void growTo(String name, long otherLarge, long first, long grown, boolean admitted, long smallInUse,
                long largeInUse) {
        InFlightBodies budget = budget();
        if (otherLarge > 0) {
            assertNotNull(budget.reserve(otherLarge));
        }
        InFlightBodies.Reservation reservation = budget.reserve(first);

        assertEquals(admitted, reservation.growTo(grown));
        assertEquals(smallInUse, budget.smallLaneInUse());
        assertEquals(largeInUse, budget.largeLaneInUse());
    }

    @Test
    void releasedLargeBody_makesRoomForTheNext_andASecondReleaseGivesNothingBackTwice() {
        InFlightBodies budget = budget();
        InFlightBodies.Reservation first = budget.reserve(1000);
        assertNull(budget.reserve(500));

        first.release();
        first.release();
        InFlightBodies.Reservation next = budget.reserve(500);

        assertNotNull(next);
        assertEquals(500, budget.largeLaneInUse());
        next.release();
        assertEquals(0, budget.largeLaneInUse());
    }

    @Test
    void concurrentReservations_neverExceedTheLane_andAllComeBack() throws Exception {
        InFlightBodies budget = budget();
        int threads = 8;
        long[] peak = new long[1];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    InFlightBodies.Reservation r = budget.reserve(300);
                    if (r != null) {
                        long inUse = budget.largeLaneInUse();
                        synchronized (peak) {
                            peak[0] = Math.max(peak[0], inUse);
                        }
                        r.release();
                    }
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertTrue(peak[0] <= 1000 && peak[0] >= 300, "peak " + peak[0]);
        assertEquals(0, budget.largeLaneInUse());
    }

    @Test
    void budgetWhoseSmallLaneCannotHoldOneSmallBody_isRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InFlightBodies(256, 100, 1000));
        assertTrue(e.getMessage().contains("small-body-max (256) <= small-lane (100)"), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
