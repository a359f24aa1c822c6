package dev.brisk.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintsTest {

    @Test
    void literalsAndListsBecomePlaceholders() {
        assertThat(Fingerprints.normalize("SELECT * FROM t WHERE a = 'x''y' AND b = 42 AND c IN (?, ?, ?)"))
                .isEqualTo("SELECT * FROM t WHERE a = ? AND b = ? AND c IN (?)");
        assertThat(Fingerprints.normalize("select  1.5,\n\t-3 from t2 where col3 = 7"))
                .isEqualTo("select ?, ? from t2 where col3 = ?");
        assertThat(Fingerprints.normalize("INSERT INTO t (a, b) VALUES (?), (?), (?)"))
                .isEqualTo("INSERT INTO t (a, b) VALUES (?)");
    }

    @Test
    void sameShapeSameFingerprint() {
        assertThat(Fingerprints.of("SELECT x FROM t WHERE id IN (?, ?)"))
                .isEqualTo(Fingerprints.of("SELECT x FROM t WHERE id IN (?, ?, ?, ?)"));
        assertThat(Fingerprints.of("SELECT x FROM t WHERE id = 1"))
                .isEqualTo(Fingerprints.of("SELECT x FROM t WHERE id = 2"));
    }
}
