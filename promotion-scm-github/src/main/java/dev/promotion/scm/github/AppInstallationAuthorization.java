package dev.promotion.scm.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates as a GitHub App installation: signs a JSON web token with the App's private key,
 * exchanges it for an installation token scoped to the one repository, and mints a new one {@link
 * #REFRESH_MARGIN} before the current one expires (or at once when GitHub answers 401 to it).
 */
final class AppInstallationAuthorization implements Authorization {
  static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(AppInstallationAuthorization.class);

  private final String appId;
  private final PrivateKey key;
  private final String owner;
  private final String repository;
  private final RestApi api;
  private final ObjectMapper json;
  private final Clock clock;
  private final Redactor redactor;
  private OptionalLong installationId;
  private Secret header;
  private Instant expiresAt = Instant.MIN;

  AppInstallationAuthorization(
      String appId,
      PrivateKey key,
      OptionalLong installationId,
      String owner,
      String repository,
      RestApi api,
      ObjectMapper json,
      Clock clock,
      Redactor redactor) {
    this.appId = appId;
    this.key = key;
    this.installationId = installationId;
    this.owner = owner;
    this.repository = repository;
    this.api = api;
    this.json = json;
    this.clock = clock;
    this.redactor = redactor;
  }

  @Override
  public synchronized String header() throws IOException {
    if (header == null || !clock.instant().isBefore(expiresAt.minus(REFRESH_MARGIN))) {
      mint();
    }
    return header.reveal();
  }

  @Override
  public synchronized void rejected(String rejectedHeader) {
    if (header != null && header.reveal().equals(rejectedHeader)) {
      LOG.debug("GitHub rejected the installation token; a new one will be minted");
      header = null;
    }
  }

  @Override
  public String kind() {
    return "GitHub App " + appId;
  }

  private void mint() throws IOException {
    String jwt = AppJwt.sign(json, appId, key, clock.instant());
    redactor.register(jwt);
    if (installationId.isEmpty()) {
      installationId = OptionalLong.of(api.installationId(owner, repository, jwt));
    }
    RestApi.InstallationToken token =
        api.createInstallationToken(installationId.getAsLong(), repository, jwt);
    redactor.register(token.token().reveal());
    header = new Secret("Bearer " + token.token().reveal());
    expiresAt = token.expiresAt();
    LOG.debug(
        "Minted an installation token for GitHub App {} (installation {}), valid until {}",
        appId,
        installationId.getAsLong(),
        expiresAt);
  }
}
