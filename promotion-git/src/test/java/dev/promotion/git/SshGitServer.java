package dev.promotion.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real SSH git server (Apache MINA SSH) on 127.0.0.1 serving one repository through JGit's
 * upload-pack and receive-pack, accepting one public key.
 */
public final class SshGitServer implements AutoCloseable {
  private final SshServer server;
  private final PublicKey hostKey;

  public SshGitServer(Repository repository, PublicKey allowed, Path hostKeyFile)
      throws IOException {
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
    hostKeys.setAlgorithm(KeyUtils.RSA_ALGORITHM);
    server.setKeyPairProvider(hostKeys);
    server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(allowed, key));
    server.setCommandFactory((channel, command) -> new GitCommand(repository, command));
    server.start();
    try {
      hostKey = hostKeys.loadKeys(null).iterator().next().getPublic();
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  public int port() {
    return server.getPort();
  }

  /** Writes {@code known_hosts} for this server into {@code sshDirectory}. */
  public void trustIn(Path sshDirectory) throws IOException {
    Files.writeString(
        sshDirectory.resolve("known_hosts"),
        "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey) + "\n");
  }

  /** Writes {@code key} as an OpenSSH private key file encrypted with {@code passphrase}. */
  public static void writePrivateKey(KeyPair key, String passphrase, Path file) throws Exception {
    OpenSSHKeyEncryptionContext encryption = new OpenSSHKeyEncryptionContext();
    encryption.setCipherName("AES");
    encryption.setCipherMode("CTR");
    encryption.setCipherType("256");
    encryption.setPassword(passphrase);
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "promotion-test", encryption, out);
    }
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  private static final class GitCommand implements Command {
    private final Repository repository;
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    GitCommand(Repository repository, String command) {
      this.repository = repository;
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread thread =
          new Thread(
              () -> {
                int status = 0;
                try {
                  List<String> words = List.of(command.split(" ", 2));
                  if (words.get(0).equals("git-upload-pack")) {
                    new UploadPack(repository).upload(in, out, err);
                  } else if (words.get(0).equals("git-receive-pack")) {
                    new ReceivePack(repository).receive(in, out, err);
                  } else {
                    err.write(("unknown command " + command).getBytes(StandardCharsets.UTF_8));
                    status = 127;
                  }
                  out.flush();
                } catch (IOException e) {
                  status = 1;
                }
                exit.onExit(status);
              },
              "ssh-git");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
