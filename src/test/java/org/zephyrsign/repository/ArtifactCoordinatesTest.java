package org.zephyrsign.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArtifactCoordinatesTest {
    @Test
    void theMaven2LayoutOfEachForm() {
        var main = ArtifactCoordinates.parse("com.example.fw:sensor-app:1.0.0", "--artifact");
        assertNull(main.classifier());
        assertEquals("com/example/fw/sensor-app/1.0.0/sensor-app-1.0.0.bin", main.path("1.0.0"));
        var signed = ArtifactCoordinates.parse("com.example.fw:sensor-app:1.0.0:signed", "--artifact");
        assertEquals("com/example/fw/sensor-app/1.0.0/sensor-app-1.0.0-signed.bin", signed.path("1.0.0"));
        var hex = ArtifactCoordinates.parse("com.example.fw:sensor-app:1.0.0:signed:hex", "--artifact");
        assertEquals("com/example/fw/sensor-app/1.0.0/sensor-app-1.0.0-signed.hex", hex.path("1.0.0"));
        var mainHex = ArtifactCoordinates.parse("com.example.fw:sensor-app:1.0.0::hex", "--artifact");
        assertEquals("com/example/fw/sensor-app/1.0.0/sensor-app-1.0.0.hex", mainHex.path("1.0.0"));
        assertEquals("com.example.fw:sensor-app:1.0.0::hex", mainHex.toString());
        assertEquals("com.example.fw:sensor-app:1.0.0:signed:hex", hex.toString());
        var snapshot = ArtifactCoordinates.parse("g:a:1.1-SNAPSHOT:signed", "--artifact");
        assertEquals("g/a/1.1-SNAPSHOT/a-1.1-20261130.221500-3-signed.bin", snapshot.path("1.1-20261130.221500-3"));
        // the record beside each image: the classifier scheme zephyr:sign publishes (Classifiers.signingRecordFor)
        assertEquals("com.example.fw:sensor-app:1.0.0:signing-record:json", main.signingRecord().toString());
        assertEquals("com.example.fw:sensor-app:1.0.0:signed-signing-record:json", signed.signingRecord().toString());
        assertEquals("com.example.fw:sensor-app:1.0.0:signed-hex-signing-record:json", hex.signingRecord().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "g:a|--artifact 'g:a' is not an artifact: expected groupId:artifactId:version[:classifier[:type]]",
        "g:a:1:c:t:x|--artifact 'g:a:1:c:t:x' is not an artifact: expected groupId:artifactId:version[:classifier[:type]]",
        "g:..:1|--artifact 'g:..:1' is not an artifact: the artifactId '..' must be letters, digits and . _ - +",
        "g:a/b:1|--artifact 'g:a/b:1' is not an artifact: the artifactId 'a/b' must be letters, digits and . _ - +",
        "g:a:|--artifact 'g:a:' is not an artifact: the version '' must be letters, digits and . _ - +",
        "g:a:1:c:|--artifact 'g:a:1:c:' is not an artifact: the type '' must be letters, digits and . _ - +",
    })
    void malformedCoordinatesAreUsageErrors(String text, String message) {
        var e = assertThrows(PublishedImageException.Usage.class, () -> ArtifactCoordinates.parse(text, "--artifact"));
        assertEquals(message, e.getMessage());
    }
}
