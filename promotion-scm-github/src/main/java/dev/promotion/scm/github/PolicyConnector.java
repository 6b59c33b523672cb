package dev.promotion.scm.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Sends the github-api library's requests through {@link HttpTransport}, so that they follow this
 * module's retry and rate-limit policy. The library itself retries {@code SocketException}s for
 * every method; the transport never lets one through, so a POST is never repeated behind our back.
 */
final class PolicyConnector implements GitHubConnector {
  private final HttpTransport transport;

  PolicyConnector(HttpTransport transport) {
    this.transport = transport;
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    byte[] body = new byte[0];
    if (request.hasBody()) {
      try (InputStream in = request.body()) {
        body = in == null ? body : in.readAllBytes();
      }
    }
    HttpTransport.Response response;
    try {
      response =
          transport.send(
              new HttpTransport.Request(
                  request.method(), request.url().toURI(), request.allHeaders(), body, false));
    } catch (URISyntaxException e) {
      throw new IOException("not a valid GitHub URL: " + e.getMessage(), e);
    }
    return new BufferedResponse(request, response);
  }

  private static final class BufferedResponse extends GitHubConnectorResponse.ByteArrayResponse {
    private final byte[] body;

    BufferedResponse(GitHubConnectorRequest request, HttpTransport.Response response) {
      super(request, response.status(), response.headers());
      this.body = response.body();
    }

    @Override
    protected InputStream rawBodyStream() {
      return new ByteArrayInputStream(body);
    }
  }
}
