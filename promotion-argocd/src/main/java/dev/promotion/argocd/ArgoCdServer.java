package dev.promotion.argocd;

import dev.promotion.error.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One Argo CD API server: its URL, the bearer token, how TLS is verified, the timeouts and retries.
 * Immutable; build it with {@link #builder(String)}.
 *
 * <p>TLS is always verified: against the JVM's trust store, or against a CA bundle (PEM) when one
 * is given. There is no switch to turn verification off.
 */
public final class ArgoCdServer {
  static final String BACKEND = "argocd";

  /** Default time to connect. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Default time one request may take. {@code refresh=normal} makes Argo CD answer after its
   * controller reconciled the application, which takes seconds on a busy controller.
   */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Default number of attempts of one read (the first and the retries). */
  public static final int DEFAULT_ATTEMPTS = 4;

  /** Default first wait between attempts; doubled each retry, with up to 50% jitter. */
  public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(500);

  private final URI url;
  private final ArgoCdToken token;
  private final Optional<String> appNamespace;
  private final Optional<String> project;
  private final Duration requestTimeout;
  private final int attempts;
  private final Duration firstBackoff;
  private final HttpClient client;

  private ArgoCdServer(Builder builder) {
    this.url = builder.url;
    this.token = Objects.requireNonNull(builder.token, "token: call token(...)");
    this.appNamespace = builder.appNamespace;
    this.project = builder.project;
    this.requestTimeout = builder.requestTimeout;
    this.attempts = builder.attempts;
    this.firstBackoff = builder.firstBackoff;
    this.client =
        builder.client != null
            ? builder.client
            : HttpClient.newBuilder()
                .connectTimeout(builder.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(sslContext(builder.caBundle))
                .build();
  }

  /**
   * A server at {@code url} ({@code https://argocd.example.com}, or {@code http://} for a local
   * simulator); a path prefix is kept ({@code https://example.com/argocd}).
   *
   * @throws InvalidRequestException when the URL is not an absolute http(s) URL, or carries user
   *     information (credentials belong in the token)
   */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** The server's URL, safe to print (it never holds credentials). */
  public URI url() {
    return url;
  }

  ArgoCdToken token() {
    return token;
  }

  /** The {@code appNamespace} sent when the application does not name its own namespace. */
  public Optional<String> appNamespace() {
    return appNamespace;
  }

  /** The {@code project} sent with every read. */
  public Optional<String> project() {
    return project;
  }

  Duration requestTimeout() {
    return requestTimeout;
  }

  int attempts() {
    return attempts;
  }

  Duration firstBackoff() {
    return firstBackoff;
  }

  HttpClient client() {
    return client;
  }

  @Override
  public String toString() {
    return "ArgoCdServer[" + url + ", token from " + token.describe() + "]";
  }

  private static SSLContext sslContext(Optional<Path> caBundle) {
    try {
      if (caBundle.isEmpty()) {
        return SSLContext.getDefault();
      }
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates(caBundle.get())) {
        trusted.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidRequestException(
          "The Argo CD CA bundle "
              + caBundle.map(Path::toString).orElse("")
              + " cannot be used ("
              + e.getClass().getSimpleName()
              + "); give a file of PEM certificates (-----BEGIN CERTIFICATE-----).");
    }
  }

  private static Collection<? extends Certificate> certificates(Path bundle)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(bundle)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IOException("no certificate");
      }
      return certificates;
    }
  }

  /** Builds an {@link ArgoCdServer}. */
  public static final class Builder {
    private final URI url;
    private ArgoCdToken token;
    private Optional<Path> caBundle = Optional.empty();
    private Optional<String> appNamespace = Optional.empty();
    private Optional<String> project = Optional.empty();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int attempts = DEFAULT_ATTEMPTS;
    private Duration firstBackoff = DEFAULT_FIRST_BACKOFF;
    private HttpClient client;

    private Builder(String url) {
      this.url = checkedUrl(url);
    }

    /** The bearer token (an Argo CD account or project token). Required. */
    public Builder token(ArgoCdToken token) {
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /** A PEM file of CA certificates that replaces the JVM's trust store for this server. */
    public Builder caBundle(Path caBundle) {
      this.caBundle = Optional.of(caBundle);
      return this;
    }

    /**
     * The {@code appNamespace} for applications that do not name theirs (Argo CD's "applications in
     * any namespace"); by default none is sent and Argo CD uses its own namespace.
     */
    public Builder appNamespace(String appNamespace) {
      this.appNamespace = Optional.of(ArgoCdNames.namespace(appNamespace));
      return this;
    }

    /**
     * The project every application belongs to, sent as {@code project}. Recommended: only with a
     * project does Argo CD answer 404 for an application that does not exist (yet); without one it
     * answers 403, which reads as a configuration error.
     */
    public Builder project(String project) {
      this.project = Optional.of(ArgoCdNames.project(project));
      return this;
    }

    /** Time to connect (5 s by default). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Time one request may take (30 s by default). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * Attempts of one read, the first included (4 by default): connection errors, timeouts and 5xx
     * are retried, nothing else.
     */
    public Builder attempts(int attempts) {
      if (attempts < 1 || attempts > 20) {
        throw new InvalidRequestException(
            "Argo CD attempts must be between 1 and 20, not " + attempts + ".");
      }
      this.attempts = attempts;
      return this;
    }

    /** The first wait between attempts (500 ms by default), doubled each retry with jitter. */
    public Builder firstBackoff(Duration backoff) {
      this.firstBackoff = positive(backoff, "firstBackoff");
      return this;
    }

    /**
     * An HTTP client of your own (proxy, TLS); replaces the one this builder makes, so {@link
     * #caBundle} and {@link #connectTimeout} no longer apply.
     */
    public Builder httpClient(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    public ArgoCdServer build() {
      return new ArgoCdServer(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new InvalidRequestException("Argo CD " + name + " must be positive, not " + value);
      }
      return value;
    }

    private static URI checkedUrl(String url) {
      Objects.requireNonNull(url, "url");
      URI uri;
      try {
        uri = new URI(url.strip());
      } catch (java.net.URISyntaxException e) {
        throw new InvalidRequestException(
            "The Argo CD URL is not a URL; give https://argocd.example.com.");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        throw new InvalidRequestException(
            "The Argo CD URL must be an absolute https:// URL, such as https://argocd.example.com.");
      }
      if (uri.getRawUserInfo() != null) {
        throw new InvalidRequestException(
            "The Argo CD URL must not hold credentials; give the token with token: {env: VAR} or"
                + " {file: PATH}.");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new InvalidRequestException(
            "The Argo CD URL must not have a query or fragment; give https://argocd.example.com.");
      }
      String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
      return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }
  }
}
