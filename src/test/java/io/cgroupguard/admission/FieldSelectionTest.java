package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link FieldSelection} keeps of a JSON document and what it passes over, and the error each kind of
 * malformed input gets. Expected values are parsed by Jackson, so "kept" means "the same value Jackson reads".
 */
class FieldSelectionTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final String ABSENT = "<absent>";

    /** A pod-shaped selection, as the review codec uses: some members whole, some objects walked. */
    private static final FieldSelection POD = FieldSelection.of(Map.of(
            "metadata", FieldSelection.of(Map.of(
                    "name", FieldSelection.ALL,
                    "labels", FieldSelection.fields("cgroup-guard.io/exempt"))),
            "spec", FieldSelection.of(Map.of(
                    "nodeName", FieldSelection.ALL,
                    "affinity", FieldSelection.fields("nodeAffinity")))));

    private static final FieldSelection UNICODE = FieldSelection.fields("zürich", "東京");

    static Stream<Arguments> selections() {
        return Stream.of(
                selects("keepsSelectedMembers_andDropsTheirSiblings", POD,
                        "{\"metadata\":{\"name\":\"p\",\"uid\":\"u-1\"},\"spec\":{\"nodeName\":\"n1\","
                                + "\"containers\":[{\"image\":\"busybox\"}]},\"status\":{}}",
                        "/metadata/name", "\"p\"", "/metadata/uid", ABSENT, "/spec/nodeName", "\"n1\"",
                        "/spec/containers", ABSENT, "/status", ABSENT),
                selects("objectOnTheWay_staysPresentAndEmpty_whenNoKeptChildIsInIt", POD,
                        "{\"metadata\":{\"uid\":\"u-1\",\"labels\":{\"app\":\"web\"}},\"spec\":{}}",
                        "/metadata", "{\"labels\":{}}", "/spec", "{}"),
                selects("absentMembers_stayAbsent", POD, "{\"kind\":\"Pod\"}",
                        "", "{}", "/metadata", ABSENT, "/spec", ABSENT),
                selects("keptMember_isTheWholeSubtree_withNestedObjectsAndArrays", POD,
                        "{\"spec\":{\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
                                + "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"k\",\"operator\":\"In\","
                                + "\"values\":[\"a\",\"b\"]}]},{}]}},\"podAffinity\":{\"x\":1}}}}",
                        "/spec/affinity/nodeAffinity", "{\"requiredDuringSchedulingIgnoredDuringExecution\":"
                                + "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"k\",\"operator\":\"In\","
                                + "\"values\":[\"a\",\"b\"]}]},{}]}}",
                        "/spec/affinity/podAffinity", ABSENT),
                selects("arrayWhereAnObjectIsSelected_isKeptWhole", POD,
                        "{\"spec\":[{\"nodeName\":\"a\",\"other\":1},2]}",
                        "/spec", "[{\"nodeName\":\"a\",\"other\":1},2]"),
                selects("scalarWhereAnObjectIsSelected_isKeptAsItIs", POD,
                        "{\"metadata\":\"text\",\"spec\":null}",
                        "/metadata", "\"text\"", "/spec", "null"),
                selects("namesThatOnlyResembleAKeptName_areSkipped", POD,
                        "{\"spec\":{\"nodeNam\":\"a\",\"nodeNameX\":\"b\",\"nodename\":\"c\",\"\":\"d\"}}",
                        "/spec", "{}"),
                selects("escapedMemberName_matchesItsDecodedName", POD,
                        "{\"spec\":{\"node\\u004eame\":\"n1\",\"\\u0061ffinity\":{\"nodeAffinity\":{}}}}",
                        "/spec/nodeName", "\"n1\"", "/spec/affinity/nodeAffinity", "{}"),
                selects("escapesInKeptStrings_areDecoded", POD,
                        "{\"metadata\":{\"name\":\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\"}}",
                        "/metadata/name", "\"a\\\"b\\\\c/d\\n\\t\u00e9\uD83D\uDE00\""),
                selects("escapedNamesUnderAWholeSubtree_areDecoded", FieldSelection.ALL,
                        "{\"a\\u002Fb\":{\"c\\\"d\":1}}",
                        "/a~1b/c\"d", "1"),
                selects("rawUnicodeNames_matchByteForByte_andEscapedOnesAfterDecoding", UNICODE,
                        "{\"zürich\":\"ü\",\"\\u6771\\u4eac\":\"京\",\"zurich\":\"no\"}",
                        "/zürich", "\"ü\"", "/東京", "\"京\"", "/zurich", ABSENT),
                selects("numbers_readAsJacksonReadsThem", FieldSelection.ALL,
                        "{\"int\":42,\"negative\":-7,\"zero\":0,\"long\":9007199254740993,"
                                + "\"big\":123456789012345678901234567890,\"fraction\":1.5,\"exponent\":-2.5e3}",
                        "/int", "42", "/negative", "-7", "/zero", "0", "/long", "9007199254740993",
                        "/big", "123456789012345678901234567890", "/fraction", "1.5", "/exponent", "-2.5e3"),
                selects("literals_areKept", FieldSelection.ALL, "{\"t\":true,\"f\":false,\"n\":null}",
                        "/t", "true", "/f", "false", "/n", "null"),
                selects("emptyContainers_areKept", FieldSelection.ALL, "{\"o\":{},\"a\":[],\"s\":\"\"}",
                        "/o", "{}", "/a", "[]", "/s", "\"\""),
                selects("duplicateMember_lastOneWins_asInJackson", POD,
                        "{\"spec\":{\"nodeName\":\"first\"},\"spec\":{\"nodeName\":\"second\"}}",
                        "/spec/nodeName", "\"second\""),
                selects("duplicateMemberInAWholeSubtree_lastOneWins", FieldSelection.ALL,
                        "{\"a\":1,\"a\":2}", "/a", "2"),
                selects("whiteSpace_isAllowedBetweenEveryToken", POD,
                        " \t{\r\n \"metadata\" :\n{ \"name\"\t:  \"p\" } ,\"spec\" : { \"nodeName\" : [ 1 , 2 ] } }",
                        "/metadata/name", "\"p\"", "/spec/nodeName", "[1,2]"),
                selects("skippedMembers_mayHoldAnything_thatIsSafeJson", POD,
                        "{\"metadata\":{\"managedFields\":[{\"f:spec\":{\".\":{},\"f:x\":[true,null,-1e-3]}}],"
                                + "\"name\":\"after-skipped\"}}",
                        "/metadata/name", "\"after-skipped\""),
                selects("nestingOf64Levels_isReadWhenKept", FieldSelection.ALL,
                        "{\"a\":" + "[".repeat(63) + "]".repeat(63) + "}",
                        "/a/0/0/0", "[".repeat(60) + "]".repeat(60)),
                selects("nestingOf64Levels_isPassedOverWhenSkipped", POD,
                        "{\"deep\":" + "[".repeat(63) + "]".repeat(63) + ",\"spec\":{\"nodeName\":\"n1\"}}",
                        "/deep", ABSENT, "/spec/nodeName", "\"n1\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selections")
    void selectsWhatItKeeps(String name, FieldSelection selection, String json, Map<String, String> expected)
            throws Exception {
        JsonNode selected = read(selection, json).value();

        expected.forEach((pointer, value) -> {
            JsonNode actual = selected.at(pointer);
            if (ABSENT.equals(value)) {
                assertTrue(actual.isMissingNode(), pointer + " should be absent but is " + actual);
            } else {
                assertEquals(parse(value), actual, pointer);
            }
        });
    }

    static Stream<Arguments> valueEnds() {
        return Stream.of(
                Arguments.of("objectEndsAtItsBrace", "{\"metadata\":{\"name\":\"p\"}} ,\"next\"", 25),
                Arguments.of("stringEndsAtItsQuote", "  \"a\\\"b\"]", 8),
                Arguments.of("numberEndsAtItsLastDigit", "-12.5e3,", 7),
                Arguments.of("arrayEndsAtItsBracket", "[1,[2]] 3", 7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueEnds")
    void readEndsJustPastTheValue(String name, String json, int end) throws Exception {
        assertEquals(end, read(POD, json).end());
    }

    static Stream<Arguments> malformed() {
        String tooDeep = "[".repeat(64) + "]".repeat(64);
        return Stream.of(
                refuses("unclosedObject", POD, "{\"metadata\":{\"name\":\"p\"}", "',' or '}' expected at byte 24"),
                refuses("missingColon", POD, "{\"spec\" {}}", "':' expected at byte 8"),
                refuses("trailingCommaInObject", POD, "{\"spec\":{},}", "member name expected at byte 11"),
                refuses("unquotedName", POD, "{spec:{}}", "member name expected at byte 1"),
                refuses("missingValue", POD, "{\"spec\":}", "unexpected '}' at byte 8"),
                refuses("valueCutOff", POD, "{\"spec\":", "value expected at byte 8"),
                refuses("misspelledLiteralInAKeptMember", POD, "{\"metadata\":{\"name\":tru}}", "bad literal at byte 20"),
                refuses("misspelledLiteralInASkippedMember", POD, "{\"uid\":nul,\"spec\":{}}", "bad literal at byte 7"),
                refuses("numberWithTwoPoints", FieldSelection.ALL, "{\"n\":1.2.3}", "body is not valid JSON: "),
                refuses("numberWithALeadingZero", FieldSelection.ALL, "{\"n\":01}", "body is not valid JSON: "),
                refuses("loneMinus", FieldSelection.ALL, "{\"n\":-}", "body is not valid JSON: "),
                refuses("badEscapeInAKeptString", POD, "{\"metadata\":{\"name\":\"a\\x\"}}", "body is not valid JSON: "),
                refuses("badEscapeInAMemberName", POD, "{\"\\x\":1}", "body is not valid JSON: "),
                refuses("cutUnicodeEscape", POD, "{\"metadata\":{\"name\":\"\\u12\"}}", "body is not valid JSON: "),
                refuses("unterminatedString", POD, "{\"metadata\":{\"name\":\"p}}", "unterminated string at byte 20"),
                refuses("controlCharacterInAString", POD, "{\"metadata\":{\"name\":\"a\nb\"}}",
                        "control character in string at byte 22"),
                refuses("arrayWithoutComma", FieldSelection.ALL, "{\"a\":[1 2]}", "',' or ']' expected at byte 8"),
                refuses("trailingCommaInArray", FieldSelection.ALL, "{\"a\":[1,]}", "unexpected ']' at byte 8"),
                refuses("mismatchedBracketInASkippedMember", POD, "{\"x\":[1}}", "mismatched '}' at byte 7"),
                refuses("nestingOf65Levels_whenKept", FieldSelection.ALL, "{\"a\":" + tooDeep + "}",
                        "JSON nested deeper than 64 levels"),
                refuses("nestingOf65Levels_whenSkipped", POD, "{\"deep\":" + tooDeep + "}",
                        "JSON nested deeper than 64 levels"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformedInput_withAClearReason(String name, FieldSelection selection, String json, String reason) {
        MalformedReviewException e = assertThrows(MalformedReviewException.class, () -> read(selection, json));

        assertTrue(e.getMessage().contains(reason), "message: " + e.getMessage());
        assertTrue(e.getMessage().length() < 300, "one short line: " + e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "one line: " + e.getMessage());
    }

    private static FieldSelection.Read read(FieldSelection selection, String json) throws MalformedReviewException {
        byte[] in = json.getBytes(StandardCharsets.UTF_8);
        return selection.read(in, 0, 0, new JsonSkipper(in, in.length, ReviewCodec.MAX_NESTING_DEPTH), MAPPER);
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad expected value in a test case: " + json, e);
        }
    }

    private static Arguments selects(String name, FieldSelection selection, String json, String... pointerValues) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int k = 0; k < pointerValues.length; k += 2) {
            expected.put(pointerValues[k], pointerValues[k + 1]);
        }
        return Arguments.of(name, selection, json, expected);
    }

    private static Arguments refuses(String name, FieldSelection selection, String json, String reason) {
        return Arguments.of(name, selection, json, reason);
    }
}
