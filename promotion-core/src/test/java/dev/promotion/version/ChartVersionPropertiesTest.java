package dev.promotion.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.semver4j.Semver;

class ChartVersionPropertiesTest {

  @Provide
  Arbitrary<String> fullShas() {
    Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdef").ofLength(40);
    Arbitrary<String> digitHeavy =
        Arbitraries.strings()
            .withChars("0123456789")
            .ofMinLength(7)
            .ofMaxLength(39)
            .flatMap(
                digits ->
                    Arbitraries.strings()
                        .withChars("0123456789abcdef")
                        .ofLength(40 - digits.length())
                        .map(rest -> digits + rest));
    Arbitrary<String> allDigits = Arbitraries.strings().withChars("0123456789").ofLength(40);
    return Arbitraries.oneOf(hex, digitHeavy, allDigits);
  }

  @Provide
  Arbitrary<ChartVersion> releases() {
    Arbitrary<Long> n = Arbitraries.longs().between(0, 1_000_000);
    return Combinators.combine(n, n, n).as(ChartVersion::of);
  }

  @Provide
  Arbitrary<ChartVersion> versions() {
    Arbitrary<String> identifier =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 99_999).map(String::valueOf),
            Arbitraries.strings()
                .withChars("abcxyzABC-0123456789")
                .ofMinLength(1)
                .ofMaxLength(8)
                .filter(s -> !s.chars().allMatch(Character::isDigit)));
    Arbitrary<String> preRelease =
        identifier.list().ofMinSize(1).ofMaxSize(4).map(ids -> String.join(".", ids));
    return Combinators.combine(releases(), preRelease.injectNull(0.3))
        .as((v, pre) -> pre == null ? v : ChartVersion.parse(v + "-" + pre));
  }

  @Property
  @Label("every release candidate produced for any commit SHA is valid SemVer 2.0.0")
  void everyReleaseCandidateIsValidSemver(
      @ForAll("releases") ChartVersion base, @ForAll("fullShas") String sha) {
    String rc = base.rc(sha).toString();

    assertThat(Semver.isValid(rc)).as(rc).isTrue();
    assertThat(ChartVersion.parse(rc).isReleaseCandidate()).isTrue();
    assertThat(rc).doesNotContain("+");
  }

  @Property
  @Label("the identifier of a release candidate is a prefix of the SHA, or g and a prefix")
  void releaseCandidateNamesItsCommit(
      @ForAll("releases") ChartVersion base, @ForAll("fullShas") String sha) {
    ChartVersion rc = base.rc(sha);

    assertThat(sha).startsWith(rc.sourceCommit().orElseThrow());
    assertThat(rc.sourceCommit().orElseThrow()).hasSizeGreaterThanOrEqualTo(7);
  }

  @Property
  @Label("rc(sha).release() is the base")
  void releaseOfCandidateIsTheBase(
      @ForAll("releases") ChartVersion base, @ForAll("fullShas") String sha) {
    assertThat(base.rc(sha).release()).isEqualTo(base);
    assertThat(base.rc(sha).base()).isEqualTo(base);
  }

  @Property
  @Label("a candidate sorts before its release")
  void candidateSortsBeforeRelease(
      @ForAll("releases") ChartVersion base, @ForAll("fullShas") String sha) {
    assertThat(base.rc(sha)).isLessThan(base);
  }

  @Property
  @Label("bumps order correctly: v < patch < minor < major")
  void bumpsOrderCorrectly(@ForAll("versions") ChartVersion v) {
    ChartVersion patch = v.bump(Bump.PATCH);
    ChartVersion minor = v.bump(Bump.MINOR);
    ChartVersion major = v.bump(Bump.MAJOR);

    assertThat(v.release()).isLessThan(patch);
    assertThat(patch).isLessThan(minor);
    assertThat(minor).isLessThan(major);
    assertThat(List.of(patch, minor, major)).allMatch(ChartVersion::isRelease);
  }

  @Property
  @Label("parse(format(v)) = v")
  void parseOfFormatIsIdentity(@ForAll("versions") ChartVersion v) {
    assertThat(ChartVersion.parse(v.toString())).isEqualTo(v).hasSameHashCodeAs(v);
  }

  @Property
  @Label("precedence agrees with an independent SemVer implementation")
  void precedenceAgreesWithSemver4j(
      @ForAll("versions") ChartVersion a, @ForAll("versions") ChartVersion b) {
    int ours = Integer.signum(a.compareTo(b));
    int theirs = Integer.signum(new Semver(a.toString()).compareTo(new Semver(b.toString())));

    assertThat(ours).as(a + " vs " + b).isEqualTo(theirs);
  }

  @Property
  @Label("every valid version formats as valid SemVer 2.0.0")
  void everyVersionIsValidSemver(@ForAll("versions") ChartVersion v) {
    assertThat(Semver.isValid(v.toString())).as(v.toString()).isTrue();
  }
}
